/// The trimmed value of a "Name: value" header line, if its name matches `key` (any case).
pub fn header_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pair = line.split_once(':');
    if pair.0.trim().eq_ignore_ascii_case(key) {
        Some(pair.1.trim())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::header_value;

    #[test]
    fn matching_header() {
        assert_eq!(header_value("Content-Type: text/html", "content-type"), Some("text/html"));
        assert_eq!(header_value("Host:a:8080", "HOST"), Some("a:8080"));
    }

    #[test]
    fn other_or_malformed() {
        assert_eq!(header_value("Host: a", "accept"), None);
        assert_eq!(header_value("no colon here", "no colon here"), None);
    }
}
