use std::cmp::Reverse;

/// The names of the `n` best players, highest score first; ties keep their input order.
pub fn top_players(scores: &[(&str, u32)], n: usize) -> Vec<String> {
    let mut ranked = scores.to_vec();
    ranked.sort_by_key(|&(_, score)| score);
    ranked.iter().take(n).map(|(name, _)| name.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_two() {
        let scores = [("ana", 40), ("bo", 95), ("cy", 70), ("di", 95)];
        assert_eq!(top_players(&scores, 2), vec!["bo", "di"]);
        assert_eq!(top_players(&scores, 0), Vec::<String>::new());
    }
}
