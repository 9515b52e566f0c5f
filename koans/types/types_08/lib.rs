/// Fraction of checks that passed; an empty run counts as fully passing.
pub fn pass_rate(results: &[bool]) -> f64 {
    if results.is_empty() {
        return 1.0;
    }
    let passed: f64 = results.iter().map(|&ok| ok as f64).sum();
    passed / results.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(pass_rate(&[true, false, true, true]), 0.75);
        assert_eq!(pass_rate(&[false, false]), 0.0);
        assert_eq!(pass_rate(&[]), 1.0);
    }
}
