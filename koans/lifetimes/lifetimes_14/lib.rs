/// Returns the longest sentence in `text` (split on '.'), trimmed; the earliest one wins ties.
pub fn longest_sentence(text: &str) -> Option<&str> {
    let mut best: Option<&str> = None;
    for s in text.split('.').map(str::trim).filter(|s| !s.is_empty()) {
        if best.is_none_or(|b| s.len() >= b.len()) {
            best = Some(s);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_longest() {
        assert_eq!(longest_sentence("Hi. How are you today. Fine."), Some("How are you today"));
        assert_eq!(longest_sentence(" . "), None);
    }

    #[test]
    fn earliest_wins_tie() {
        assert_eq!(longest_sentence("Red cat. Big dog. Ok."), Some("Red cat"));
        assert_eq!(longest_sentence("ab. xyz. cde"), Some("xyz"));
    }
}
