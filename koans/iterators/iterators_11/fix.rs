/// Counts the words in a sentence that start with an uppercase letter.
pub fn capitalized_words(sentence: &str) -> usize {
    sentence
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_capitalised_words() {
        let cases = [
            ("Alice met Bob in Paris on a monday", 3),
            ("Émile und Ösel", 2),
            ("no capitals here", 0),
            ("", 0),
        ];
        for (sentence, want) in cases {
            assert_eq!(capitalized_words(sentence), want, "{sentence:?}");
        }
    }
}
