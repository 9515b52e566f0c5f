/// Checks whether a phrase reads the same backwards, ignoring spaces and case.
pub fn is_palindrome(phrase: &str) -> bool {
    let cleaned: String = phrase
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let reversed = cleaned.reverse();
    cleaned == reversed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_palindromes() {
        assert!(is_palindrome("Never odd or even"));
        assert!(is_palindrome("Ésé"));
        assert!(is_palindrome(""));
    }

    #[test]
    fn rejects_others() {
        assert!(!is_palindrome("palindrome"));
        assert!(!is_palindrome("ab ca"));
    }
}
