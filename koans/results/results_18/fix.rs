#[derive(Debug, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub found: String,
}

/// Checks an INI-style file and returns how many `key = value` entries it has.
pub fn count_entries(src: &str) -> Result<usize, SyntaxError> {
    let mut entries = 0;
    for (idx, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(';') || (line.starts_with('[') && line.ends_with(']')) {
            continue;
        }
        if !line.contains('=') {
            return Err(SyntaxError { line: idx + 1, found: line.to_string() });
        }
        entries += 1;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_entries() {
        assert_eq!(count_entries("[db]\nhost = x\n; note\n\nport=1"), Ok(2));
    }

    #[test]
    fn line_numbers_start_at_one() {
        let err = count_entries("[db]\nhost = x\noops\n").unwrap_err();
        assert_eq!(err, SyntaxError { line: 3, found: "oops".into() });
    }
}
