/// Counts words (maximal runs of non-whitespace) by feeding chars to a stateful closure.
pub fn word_count(text: &str) -> usize {
    let mut in_word = false;
    let mut count = 0;
    let mut feed = |c: char| {
        let space = c.is_whitespace();
        if space && in_word {
            count += 1;
        }
        in_word = !space;
    };
    text.chars().for_each(&mut feed);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words() {
        assert_eq!(word_count("hello world"), 2);
        assert_eq!(word_count("  a  bb\tc "), 3);
        assert_eq!(word_count("solo"), 1);
        assert_eq!(word_count("   "), 0);
    }
}
