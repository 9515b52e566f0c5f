/// Average ink of printable ASCII text: ' ' is 0.0, '~' is 1.0; other characters are skipped.
pub fn ink_level(text: &str) -> f64 {
    let levels: Vec<f64> = text
        .chars()
        .filter(|c| (' '..='~').contains(c))
        .map(|c| (c as f64 - 32.0) / 94.0)
        .collect();
    if levels.is_empty() {
        return 0.0;
    }
    levels.iter().sum::<f64>() / levels.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extremes_and_mix() {
        assert_eq!(ink_level("   "), 0.0);
        assert_eq!(ink_level("~~"), 1.0);
        assert_eq!(ink_level(" ~\u{e9}\n"), 0.5);
        assert_eq!(ink_level(""), 0.0);
    }
}
