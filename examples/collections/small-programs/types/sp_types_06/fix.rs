#[derive(Debug, PartialEq)]
pub struct ServerConfig {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub verbose: bool,
}

#[derive(Debug, PartialEq)]
pub enum ConfigError {
    MissingKey(&'static str),
    BadLine(String),
    BadValue { key: String, value: String },
    UnknownKey(String),
}

/// Parses `key = value` lines; `#` starts a comment. `workers` defaults to 4, `verbose` to false.
pub fn parse_config(text: &str) -> Result<ServerConfig, ConfigError> {
    let mut host = None;
    let mut port = None;
    let mut workers = 4;
    let mut verbose = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(ConfigError::BadLine(line.to_string()));
        };
        let (key, value) = (key.trim(), value.trim());
        let bad = || ConfigError::BadValue { key: key.to_string(), value: value.to_string() };
        match key {
            "host" => host = Some(value.to_string()),
            "port" => port = Some(value.parse().map_err(|_| bad())?),
            "workers" => workers = value.parse().map_err(|_| bad())?,
            "verbose" => verbose = matches!(value, "true" | "yes" | "1"),
            other => return Err(ConfigError::UnknownKey(other.to_string())),
        }
    }
    Ok(ServerConfig {
        host: host.ok_or(ConfigError::MissingKey("host"))?,
        port: port.ok_or(ConfigError::MissingKey("port"))?,
        workers,
        verbose,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_keys_and_defaults() {
        let config = parse_config("host = example.org\nport = 8080 # dev\n\nverbose = yes\n").unwrap();
        let expected = ServerConfig { host: "example.org".into(), port: 8080, workers: 4, verbose: true };
        assert_eq!(config, expected);
    }

    #[test]
    fn reports_problems() {
        assert_eq!(parse_config("port = 80"), Err(ConfigError::MissingKey("host")));
        assert_eq!(parse_config("host"), Err(ConfigError::BadLine("host".into())));
        assert_eq!(parse_config("colour = red"), Err(ConfigError::UnknownKey("colour".into())));
        let bad_port = ConfigError::BadValue { key: "port".into(), value: "http".into() };
        assert_eq!(parse_config("host = a\nport = http"), Err(bad_port));
    }
}
