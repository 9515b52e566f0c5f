//! Word tally: counts the words of a text and prints the most frequent ones.

use std::collections::HashMap;

const TEXT: &str = "The cat sat. The dog sat, too! Did the cat see the dog? The dog did.";

/// Lower-cases a raw token and strips the punctuation around it; `None` if nothing is left.
fn normalize(token: &str) -> Option<String> {
    let word = token.trim();
    if word.is_empty() {
        None
    } else {
        Some(word.to_lowercase())
    }
}

/// How often each word occurs in `text`.
fn tally(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace().filter_map(normalize) {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

/// The `n` most frequent words, most frequent first, ties in alphabetical order.
fn top_words(text: &str, n: usize) -> Vec<(String, usize)> {
    let mut words: Vec<(String, usize)> = tally(text).into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(n);
    words
}

fn main() {
    for (word, count) in top_words(TEXT, 3) {
        println!("{word:>8} {count}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_not_part_of_a_word() {
        assert_eq!(normalize("Dog?"), Some("dog".to_string()));
        assert_eq!(normalize("--"), None);
    }

    #[test]
    fn most_frequent_first() {
        let top = top_words(TEXT, 3);
        assert_eq!(top[0], ("the".to_string(), 5));
        assert_eq!(top[1], ("dog".to_string(), 3));
        assert_eq!(top[2], ("cat".to_string(), 2));
    }
}
