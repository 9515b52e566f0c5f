use std::collections::HashMap;

/// Applies a match result: the winner gains `stake` rating points and the loser drops them.
/// Players not yet rated start at 1000.
pub fn record_match(ratings: &mut HashMap<String, i32>, winner: &str, loser: &str, stake: i32) {
    *ratings.entry(winner.to_string()).or_insert(1000) += stake;
    match ratings.get_mut(loser) {
        Some(r) => *r -= stake,
        None => {
            ratings.insert(winner.to_string(), 1000 - stake);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newcomers_start_at_1000() {
        let mut r = HashMap::new();
        r.insert("kim".to_string(), 1200);
        record_match(&mut r, "kim", "lee", 16);
        assert_eq!(r["kim"], 1216);
        assert_eq!(r.get("lee"), Some(&984));
        record_match(&mut r, "lee", "kim", 8);
        assert_eq!((r["kim"], r["lee"]), (1208, 992));
        record_match(&mut r, "max", "ned", 10);
        assert_eq!((r["max"], r["ned"], r.len()), (1010, 990, 4));
    }
}
