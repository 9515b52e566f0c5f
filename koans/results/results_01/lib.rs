use std::num::ParseIntError;

#[derive(Debug, PartialEq)]
pub enum ConfigError {
    MissingKey(String),
    BadNumber(ParseIntError),
}

/// Reads the integer stored under `key` in `key = value` lines.
pub fn read_setting(text: &str, key: &str) -> Result<i64, ConfigError> {
    let raw = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())
        .ok_or_else(|| ConfigError::MissingKey(key.to_string()))?;
    let value = raw.parse::<i64>()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key() {
        assert_eq!(read_setting("host = a\nport = 8080", "port"), Ok(8080));
    }

    #[test]
    fn reports_missing_key() {
        let err = read_setting("a=1", "port").unwrap_err();
        assert_eq!(err, ConfigError::MissingKey("port".into()));
    }

    #[test]
    fn reports_bad_number() {
        assert!(matches!(read_setting("port=eighty", "port"), Err(ConfigError::BadNumber(_))));
    }
}
