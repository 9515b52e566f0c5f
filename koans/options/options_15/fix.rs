use std::collections::HashMap;

/// The configured value for `key`, trimmed; blank values count as unset.
pub fn setting<'a>(cfg: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    cfg.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The listening port, defaulting to 8080 when unset or unparsable.
pub fn port(cfg: &HashMap<String, String>) -> u16 {
    setting(cfg, "port").and_then(|p| p.parse().ok()).unwrap_or(8080)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_settings() {
        let c = cfg(&[("host", " example.org "), ("user", "  "), ("port", "9000")]);
        assert_eq!(setting(&c, "host"), Some("example.org"));
        assert_eq!(setting(&c, "user"), None);
        assert_eq!(port(&c), 9000);
        assert_eq!(port(&cfg(&[("port", "")])), 8080);
    }
}
