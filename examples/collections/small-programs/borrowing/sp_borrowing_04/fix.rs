fn tally(votes: &[&str]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for vote in votes {
        match counts.iter_mut().find(|(name, _)| name == vote) {
            Some((_, n)) => *n += 1,
            None => counts.push((vote.to_string(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

fn main() {
    let ballots = ["kim", "lee", "kim", "ash", "lee", "kim"];
    for (name, n) in tally(&ballots) {
        println!("{name}: {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_votes_first_then_by_name() {
        let result = tally(&["b", "a", "b", "c", "a", "b"]);
        let expected = vec![("b".to_string(), 3), ("a".to_string(), 2), ("c".to_string(), 1)];
        assert_eq!(result, expected);
    }
}
