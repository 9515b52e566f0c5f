/// Names of the three finishers, fastest first.
pub fn podium(mut results: Vec<(String, u32)>) -> [String; 3] {
    results.sort_by_key(|(_, seconds)| *seconds);
    let mut names = results.into_iter().map(|(name, _)| name);
    let mut next = || names.next().unwrap_or_default();
    [next(), next(), next()]
}

pub fn winner_banner(results: Vec<(String, u32)>) -> String {
    let places = podium(results);
    let winner = places[0].clone();
    format!("Winner: {winner}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastest_runner_wins() {
        let results = vec![("ana".to_string(), 301), ("bo".to_string(), 288), ("cy".to_string(), 310)];
        assert_eq!(winner_banner(results), "Winner: bo");
    }

    #[test]
    fn missing_places_are_empty() {
        let places = podium(vec![("solo".to_string(), 100)]);
        assert_eq!(places, ["solo".to_string(), String::new(), String::new()]);
    }
}
