pub struct Leaderboard {
    leader: String,
    best: u32,
}

impl Leaderboard {
    pub fn new(leader: &str, best: u32) -> Self {
        Leaderboard { leader: leader.to_string(), best }
    }

    /// Records a finish time in points (`None` = did not finish).
    /// Returns the dethroned leader when the record is beaten.
    pub fn submit(&mut self, name: &str, points: Option<u32>) -> Option<String> {
        if let Some(points) = points && points > self.best {
            let previous = &self.leader;
            self.leader = name.to_string();
            self.best = points;
            return Some(previous.clone());
        }
        None
    }

    pub fn leader(&self) -> &str {
        &self.leader
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_record_dethrones_the_leader() {
        let mut board = Leaderboard::new("mia", 40);
        assert_eq!(board.submit("raj", Some(45)), Some("mia".to_string()));
        assert_eq!(board.leader(), "raj");
    }

    #[test]
    fn lower_scores_and_dnf_change_nothing() {
        let mut board = Leaderboard::new("mia", 40);
        assert_eq!(board.submit("raj", Some(40)), None);
        assert_eq!(board.submit("ola", None), None);
        assert_eq!(board.leader(), "mia");
    }
}
