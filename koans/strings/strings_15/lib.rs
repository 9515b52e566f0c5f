/// Reads "key = value" lines, skipping blank lines and '#' comments.
pub fn settings(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            out.push((key.trim().to_string(), value.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs() {
        let cfg = "# server\nport = 8080\n\nhost=example.org\n  name =  demo box \n";
        let got = settings(cfg);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], ("port".to_string(), "8080".to_string()));
        assert_eq!(got[1], ("host".to_string(), "example.org".to_string()));
        assert_eq!(got[2].1, "demo box");
        assert_eq!(got[0].1.parse::<u16>(), Ok(8080));
    }
}
