use std::num::ParseIntError;

/// Errors produced while reading the config.
#[derive(Debug, PartialEq)]
pub enum ConfigError {
    Missing(&'static str),
    BadNumber(ParseIntError),
}

/// Reads the `port=` entry from config lines.
pub fn port(lines: &[&str]) -> Result<u16, ConfigError> {
    let raw = lines
        .iter()
        .find_map(|l| l.strip_prefix("port="))
        .ok_or(ConfigError::Missing("port"))?;
    let port = raw.trim().parse::<u16>()?;
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_port() {
        assert_eq!(port(&["host=x", "port= 8080"]), Ok(8080));
        assert_eq!(port(&["host=x"]), Err(ConfigError::Missing("port")));
    }

    #[test]
    fn bad_number_keeps_cause() {
        let err = port(&["port=99999"]).unwrap_err();
        assert!(matches!(err, ConfigError::BadNumber(_)));
    }
}
