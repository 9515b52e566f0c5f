/// Scores a password: lowercase 1, uppercase 2, digit 3, anything else 4 points per char.
pub fn strength(pw: &str) -> u32 {
    pw.chars()
        .map(|c| match c {
            'a'..='z' => 1,
            'A'..='Z' => 2,
            '0'..='9' => 3,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits() {
        assert_eq!(strength("abC9"), 1 + 1 + 2 + 3);
    }

    #[test]
    fn symbols_score_highest() {
        assert_eq!(strength("a!"), 5);
        assert_eq!(strength("é #"), 12);
    }
}
