use std::collections::HashSet;

/// Counts how many distinct tags appear, ignoring letter case.
pub fn distinct_tags(tags: &[&str]) -> usize {
    let seen = tags.iter().map(|t| t.to_lowercase()).collect();
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case() {
        assert_eq!(distinct_tags(&["Rust", "rust", "RUST", "go", "Go", "zig"]), 3);
    }

    #[test]
    fn empty_list_has_no_tags() {
        assert_eq!(distinct_tags(&[]), 0);
    }
}
