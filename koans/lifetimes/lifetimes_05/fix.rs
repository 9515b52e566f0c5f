/// A read-only view over the words of a text.
pub struct WordIndex<'t> {
    words: Vec<&'t str>,
}

impl<'t> WordIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        WordIndex { words: text.split_whitespace().collect() }
    }

    /// Number of words starting with `prefix`.
    pub fn count_prefixed(&self, prefix: &str) -> usize {
        self.words.iter().filter(|w| w.starts_with(prefix)).count()
    }
}

/// Indexes the lower-cased text and counts the words beginning with `prefix`.
pub fn prefixed_words(raw: &str, prefix: &str) -> usize {
    let lowered = raw.to_lowercase();
    let index = WordIndex::new(&lowered);
    index.count_prefixed(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_case_insensitively() {
        assert_eq!(prefixed_words("Stream STRUCT string trait", "str"), 3);
        assert_eq!(prefixed_words("", "a"), 0);
    }

    #[test]
    fn index_works_directly() {
        let idx = WordIndex::new("pre post prefix");
        assert_eq!(idx.count_prefixed("pre"), 2);
    }
}
