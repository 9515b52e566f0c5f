pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Names of players scoring at least `cutoff`, plus the mean score of all players.
pub fn qualifiers(players: Vec<Player>, cutoff: u32) -> (Vec<String>, u32) {
    let names = players
        .into_iter()
        .filter(|p| p.score >= cutoff)
        .map(|p| p.name)
        .collect();
    let sum: u32 = players.iter().map(|p| p.score).sum();
    (names, sum / players.len().max(1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_qualifiers_and_mean() {
        let p = |name: &str, score| Player { name: name.into(), score };
        let (names, mean) = qualifiers(vec![p("ivy", 80), p("joe", 40), p("kai", 90)], 75);
        assert_eq!(names, vec!["ivy", "kai"]);
        assert_eq!(mean, 70);
        assert_eq!(qualifiers(vec![], 10), (vec![], 0));
    }
}
