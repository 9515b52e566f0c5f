/// Splits a `key = value` settings line into its key and its value.
pub fn parse_setting(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    Some((key.trim(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_around_the_parts_are_dropped() {
        assert_eq!(parse_setting("volume = 11"), Some(("volume", "11")));
        assert_eq!(parse_setting("  name=Ada  "), Some(("name", "Ada")));
        assert_eq!(parse_setting("no setting here"), None);
    }
}
