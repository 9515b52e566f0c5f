/// Counts log lines whose first word is the given level, ignoring case.
pub fn count_level(lines: &[&str], level: &str) -> usize {
    let upper = level.to_ascii_uppercase();
    let wanted = upper.as_str();
    lines
        .iter()
        .filter(|line| line.split_whitespace().next().map(|w| w.to_ascii_uppercase()).as_deref() == Some(wanted))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: [&str; 5] = ["WARN disk 91%", "info boot ok", "warn fan slow", "ERROR psu", "  Warn temp"];

    #[test]
    fn counts_matching_levels() {
        assert_eq!(count_level(&LOG, "warn"), 3);
        assert_eq!(count_level(&LOG, "Error"), 1);
    }

    #[test]
    fn no_match_and_empty_input() {
        assert_eq!(count_level(&LOG, "debug"), 0);
        assert_eq!(count_level(&[], "info"), 0);
    }
}
