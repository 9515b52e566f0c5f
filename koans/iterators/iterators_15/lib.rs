/// Lowercased `key: value` header pairs that appear before the first blank line.
pub fn headers(msg: &str) -> Vec<(String, String)> {
    msg.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn stops_at_blank_line() {
        let msg = "Host: example.org\nAccept:  text/html\n\nnote: this is body text\n";
        assert_eq!(headers(msg), vec![pair("host", "example.org"), pair("accept", "text/html")]);
    }

    #[test]
    fn skips_lines_without_colon() {
        assert_eq!(headers("X-Id: 7\ngarbage\n"), vec![pair("x-id", "7")]);
    }
}
