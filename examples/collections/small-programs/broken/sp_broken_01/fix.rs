/// The number of vowels (a, e, i, o, u, either case) in a word.
pub fn vowel_count(word: &str) -> usize {
    word.chars()
        .filter(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_vowels() {
        assert_eq!(vowel_count("programming"), 3);
        assert_eq!(vowel_count("RHYTHM"), 0);
    }
}
