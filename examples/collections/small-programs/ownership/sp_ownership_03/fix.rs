fn count_chars(words: Vec<String>) -> usize {
    words.into_iter().map(|w| w.chars().count()).sum()
}

/// Returns the longest word (first one on ties) and the total number of characters.
pub fn longest_and_total(words: Vec<String>) -> (String, usize) {
    let longest = words
        .iter()
        .fold("", |best, w| if w.len() > best.len() { w.as_str() } else { best })
        .to_string();
    let total = count_chars(words);
    (longest, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn finds_longest_and_counts_all() {
        let (longest, total) = longest_and_total(owned(&["fig", "banana", "kiwi"]));
        assert_eq!(longest, "banana");
        assert_eq!(total, 13);
    }

    #[test]
    fn first_wins_on_ties() {
        assert_eq!(longest_and_total(owned(&["ab", "cd"])).0, "ab");
    }
}
