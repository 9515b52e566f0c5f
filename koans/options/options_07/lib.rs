/// Mean word length of a sentence in bytes, rounded down; 0 when there are no words.
pub fn mean_word_len(sentence: &str) -> usize {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let letters: usize = words.iter().map(|w| w.len()).sum();
    letters.checked_div(words.len())?
}

#[cfg(test)]
mod tests {
    use super::mean_word_len;

    #[test]
    fn averages() {
        assert_eq!(mean_word_len("the quick brown fox"), 4);
        assert_eq!(mean_word_len("  a bb  "), 1);
    }

    #[test]
    fn blank() {
        assert_eq!(mean_word_len("   "), 0);
    }
}
