use std::collections::HashMap;

/// Tracks which members belong to which named team.
pub struct Teams {
    pub members: HashMap<String, Vec<String>>,
}

impl Teams {
    /// Moves every member of team `from` to the end of team `into`, leaving `from` empty.
    pub fn merge(&mut self, from: &str, into: &str) {
        let source = self.members.entry(from.to_string()).or_default();
        let target = self.members.entry(into.to_string()).or_default();
        target.append(source);
    }

    pub fn size(&self, team: &str) -> usize {
        self.members.get(team).map_or(0, Vec::len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_moves_everyone() {
        let mut t = Teams { members: HashMap::new() };
        t.members.insert("red".into(), vec!["ann".into(), "bo".into()]);
        t.members.insert("blue".into(), vec!["cy".into()]);
        t.merge("red", "blue");
        assert_eq!(t.size("red"), 0);
        assert_eq!(t.members["blue"], vec!["cy", "ann", "bo"]);
        t.merge("blue", "green");
        assert_eq!(t.size("green"), 3);
        assert_eq!(t.size("blue"), 0);
    }
}
