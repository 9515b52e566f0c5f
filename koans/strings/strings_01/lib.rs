/// Lower-cased keywords of a search query, skipping one-letter words, at most `limit` of them.
pub fn keywords(query: &str, limit: usize) -> Vec<&str> {
    let lowered = query.to_lowercase();
    let mut out = Vec::new();
    for word in lowered.split_whitespace() {
        if out.len() == limit {
            break;
        }
        if word.chars().count() > 1 {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_limits() {
        assert_eq!(keywords("Rust  STRING slices", 5), ["rust", "string", "slices"]);
        assert_eq!(keywords("Rust STRING slices", 2), ["rust", "string"]);
    }

    #[test]
    fn drops_single_letters() {
        assert_eq!(keywords("a Ünïcode É guide", 9), ["ünïcode", "guide"]);
        assert!(keywords("  x  ", 3).is_empty());
    }
}
