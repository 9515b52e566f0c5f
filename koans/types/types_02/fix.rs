use std::collections::HashMap;

/// Counts words by their length in characters.
pub fn length_histogram(text: &str) -> HashMap<u32, u32> {
    let mut hist = HashMap::new();
    for w in text.split_whitespace() {
        *hist.entry(w.chars().count() as u32).or_insert(0) += 1;
    }
    hist
}

/// How many words in the histogram have the same length as `word`.
pub fn same_length(hist: &HashMap<u32, u32>, word: &str) -> u32 {
    let n = word.chars().count() as u32;
    hist.get(&n).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_length() {
        let h = length_histogram("the cat sat on a warm mat today");
        assert_eq!(same_length(&h, "dog"), 4);
        assert_eq!(same_length(&h, "über"), 1);
        assert_eq!(same_length(&h, "elephant"), 0);
        assert_eq!(h[&5], 1);
    }
}
