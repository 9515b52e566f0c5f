/// The `n` most recent events, newest first. The log is stored oldest first.
pub fn recent(log: &[&str], n: usize) -> Vec<String> {
    log.iter().rev().take(n).map(|e| e.to_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: [&str; 5] = ["boot", "login", "edit", "save", "logout"];

    #[test]
    fn newest_two() {
        assert_eq!(recent(&LOG, 2), vec!["LOGOUT", "SAVE"]);
    }

    #[test]
    fn more_than_available() {
        assert_eq!(recent(&LOG, 9), vec!["LOGOUT", "SAVE", "EDIT", "LOGIN", "BOOT"]);
        assert!(recent(&LOG, 0).is_empty());
    }
}
