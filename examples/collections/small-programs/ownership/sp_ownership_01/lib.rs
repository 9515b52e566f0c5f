pub fn with_len(word: String) -> (String, usize) {
    (word, word.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pairs_word_with_its_length() { assert_eq!(with_len("kayak".into()), ("kayak".to_string(), 5)); }
}
