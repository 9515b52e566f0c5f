use std::collections::HashSet;

/// Keeps the first occurrence of each word (case-insensitive) and counts the dropped repeats.
pub fn first_seen(words: &[&str]) -> (Vec<String>, usize) {
    let mut seen = HashSet::new();
    let kept: Vec<String> = words
        .iter()
        .filter(|w| seen.insert(w.to_lowercase()))
        .map(|w| w.to_string())
        .collect();
    (kept, words.len() - seen.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_first_spelling() {
        let (kept, repeats) = first_seen(&["Rust", "go", "rust", "Go", "zig", "RUST"]);
        assert_eq!(kept, vec!["Rust", "go", "zig"]);
        assert_eq!(repeats, 3);
    }
}
