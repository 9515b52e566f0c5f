/// Number of words, number of letters, and average letters per word.
pub fn word_stats(text: &str) -> (usize, usize, f64) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let letters: usize = words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    let average = if words.is_empty() { 0.0 } else { letters as f64 / words.len() as f64 };
    (words.len(), letters, average)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_and_letters() {
        let (words, letters, average) = word_stats("to be, or not");
        assert_eq!((words, letters), (4, 9));
        assert!((average - 2.25).abs() < 1e-9);
    }

    #[test]
    fn empty_text() {
        assert_eq!(word_stats("   "), (0, 0, 0.0));
    }
}
