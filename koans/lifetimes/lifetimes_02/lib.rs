/// A `key=value` pair that borrows from the line it was parsed from.
#[derive(Debug, PartialEq)]
pub struct Setting {
    pub key: &str,
    pub value: &str,
}

/// Parses one `key=value` line, trimming spaces around both halves.
pub fn parse_setting(line: &str) -> Option<Setting> {
    let (key, value) = line.split_once('=')?;
    Some(Setting { key: key.trim(), value: value.trim() })
}

/// Collects every well-formed setting from a config body.
pub fn parse_all(body: &str) -> Vec<Setting> {
    body.lines().filter_map(parse_setting).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_line() {
        let s = parse_setting(" mode = fast ").unwrap();
        assert_eq!(s, Setting { key: "mode", value: "fast" });
    }

    #[test]
    fn skips_lines_without_equals() {
        let body = "user=root\n# comment\nport = 22";
        let all = parse_all(body);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].key, "port");
        assert_eq!(all[1].value, "22");
    }
}
