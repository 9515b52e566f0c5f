/// The most frequent lowercase word (ties go to the alphabetically first word).
pub fn most_common(text: &str) -> Option<(String, usize)> {
    let mut counts = HashMap::new();
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}

/// The most frequent word, but only if it occurs at least `min_count` times.
pub fn dominant_word(text: &str, min_count: usize) -> Option<String> {
    if let Some((word, n)) = most_common(text) && n >= min_count {
        return Some(word);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_case_insensitively() {
        assert_eq!(most_common("The cat and the hat. THE end"), Some(("the".to_string(), 3)));
        assert_eq!(most_common("b a b a"), Some(("a".to_string(), 2)));
        assert_eq!(most_common("..."), None);
    }

    #[test]
    fn dominant_needs_enough_repeats() {
        assert_eq!(dominant_word("go go go stop", 3).as_deref(), Some("go"));
        assert_eq!(dominant_word("go go stop", 3), None);
    }
}
