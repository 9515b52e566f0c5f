use std::collections::HashMap;

/// Counts how often each word appears, ignoring case.
pub fn word_counts(text: &str) -> HashMap<String, u32> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for word in text.split_whitespace() {
        let key = word.to_lowercase();
        let next = counts.get(&key).copied().unwrap_or(0) + 1;
        counts.insert(key, next);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_counts() {
        let c = word_counts("To be or not To BE");
        assert_eq!(c["to"], 2);
        assert_eq!(c["be"], 2);
        assert_eq!(c["not"], 1);
        assert_eq!(c.len(), 4);
    }
}
