/// A "major.minor" version number.
pub type Version = (u32, u32);

fn dotted(s: &str) -> Result<Version, String> {
    let (major, minor) = s.split_once('.').ok_or_else(|| format!("no dot in {s:?}"))?;
    let major = major.parse().map_err(|_| format!("bad major in {s:?}"))?;
    let minor = minor.parse().map_err(|_| format!("bad minor in {s:?}"))?;
    Ok((major, minor))
}

fn bare(s: &str) -> Result<Version, String> {
    s.parse().map(|major| (major, 0)).map_err(|_| format!("not a version: {s:?}"))
}

/// Accepts "3.1" as well as a bare major number such as "3" (meaning 3.0).
pub fn version(s: &str) -> Result<Version, String> {
    dotted(s).and_then(|_| bare(s))
}

#[cfg(test)]
mod tests {
    use super::version;

    #[test]
    fn both_spellings() {
        assert_eq!(version("2.5"), Ok((2, 5)));
        assert_eq!(version("7"), Ok((7, 0)));
    }

    #[test]
    fn garbage() {
        assert_eq!(version("x"), Err("not a version: \"x\"".to_string()));
        assert!(version("1.y").is_err());
    }
}
