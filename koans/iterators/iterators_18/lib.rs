/// Number of positions at which two codes differ; characters missing from the
/// shorter code count as differences too.
pub fn code_distance(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).filter(|(x, y)| x != y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_length() {
        assert_eq!(code_distance("GATTACA", "GACTATA"), 2);
        assert_eq!(code_distance("abc", "abc"), 0);
    }

    #[test]
    fn different_lengths() {
        assert_eq!(code_distance("ABC", "ABCDE"), 2);
        assert_eq!(code_distance("xyz", "x"), 2);
        assert_eq!(code_distance("", "ñö"), 2);
    }
}
