/// Value of one hexadecimal digit, either case.
pub fn hex_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        'a'..='f' => Some(c as u8 - b'a' + 10),
        'A'..'F' => Some(c as u8 - b'A' + 10),
        _ => None,
    }
}

/// Parses a colour like "#1aF0c3" into (r, g, b).
pub fn parse_colour(s: &str) -> Option<(u8, u8, u8)> {
    let digits = s.strip_prefix('#')?;
    let v: Vec<u8> = digits.chars().map(hex_digit).collect::<Option<_>>()?;
    if v.len() != 6 {
        return None;
    }
    Some((v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mixed_case() {
        assert_eq!(parse_colour("#1aF0c3"), Some((0x1a, 0xf0, 0xc3)));
        assert_eq!(parse_colour("#FFfF0E"), Some((255, 255, 14)));
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(parse_colour("#12345g"), None);
        assert_eq!(parse_colour("123456"), None);
        assert_eq!(parse_colour("#abc"), None);
    }
}
