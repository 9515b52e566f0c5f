/// Score of the named player; `names` and `scores` are parallel lists.
pub fn score_of(names: &[&str], scores: &[u32], who: &str) -> Option<u32> {
    let idx = names.iter().position(|n| n.eq_ignore_ascii_case(who));
    scores.get(idx).copied()
}

/// Difference between two players' scores, if both are listed.
pub fn lead(names: &[&str], scores: &[u32], a: &str, b: &str) -> Option<i64> {
    let (x, y) = (score_of(names, scores, a)?, score_of(names, scores, b)?);
    Some(i64::from(x) - i64::from(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["kim", "ola", "raj"];
    const SCORES: [u32; 2] = [40, 75];

    #[test]
    fn lookups() {
        assert_eq!(score_of(&NAMES, &SCORES, "OLA"), Some(75));
        assert_eq!(score_of(&NAMES, &SCORES, "raj"), None);
        assert_eq!(score_of(&NAMES, &SCORES, "zed"), None);
        assert_eq!(lead(&NAMES, &SCORES, "kim", "ola"), Some(-35));
    }
}
