/// Words that carry no meaning for the search index.
const STOP_WORDS: [&str; 5] = ["a", "an", "the", "of", "and"];

/// Extracts index terms: lower-cased words that are not stop words, in order.
pub fn index_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !STOP_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_stop_words_in_any_case() {
        assert_eq!(index_terms("The Art of War, AND Peace"), vec!["art", "war", "peace"]);
    }

    #[test]
    fn keeps_other_words() {
        assert_eq!(index_terms("An apple; a Banana"), vec!["apple", "banana"]);
        assert!(index_terms("the of a").is_empty());
    }
}
