/// Parses "(x, y)" with optional spaces into a pair of integers.
pub fn parse_point(s: &str) -> Option<(i32, i32)> {
    let inner = s.trim().strip_prefix('(')?.strip_suffix(')')?;
    let (x, y) = inner.split_once(',')?;
    Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_points() {
        assert_eq!(parse_point("(3, -4)"), Some((3, -4)));
        assert_eq!(parse_point(" (0,7) "), Some((0, 7)));
    }

    #[test]
    fn rejects_malformed_points() {
        assert_eq!(parse_point("3, 4"), None);
        assert_eq!(parse_point("(3; 4)"), None);
        assert_eq!(parse_point("(x, 1)"), None);
    }
}
