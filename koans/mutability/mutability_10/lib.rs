/// Histogram of word lengths: index = length in bytes, value = number of words.
pub fn length_histogram(text: &str) -> Vec<usize> {
    let longest = text.split_whitespace().map(str::len).max().unwrap_or(0);
    let hist = vec![0; longest + 1];
    for word in text.split_whitespace() {
        hist[word.len()] += 1;
    }
    hist
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lengths() {
        assert_eq!(length_histogram("a bb cc a dddd"), vec![0, 2, 2, 0, 1]);
        assert_eq!(length_histogram("   "), vec![0]);
    }
}
