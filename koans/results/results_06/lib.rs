#[derive(Debug, PartialEq)]
pub enum PortError {
    NotANumber(String),
    Privileged(u16),
}

/// Parses a TCP port for a user service; ports below 1024 are refused.
pub fn parse_port(s: &str) -> Result<u16, PortError> {
    match s.trim().parse::<u16>().ok_or(PortError::NotANumber(s.to_string()))? {
        p if p < 1024 => Err(PortError::Privileged(p)),
        p => Ok(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("8080", Ok(8080)),
            (" 1024 ", Ok(1024)),
            ("80", Err(PortError::Privileged(80))),
            ("70000", Err(PortError::NotANumber("70000".into()))),
        ];
        for (input, want) in cases {
            assert_eq!(parse_port(input), want, "{input:?}");
        }
    }
}
