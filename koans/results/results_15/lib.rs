#[derive(Debug, PartialEq)]
pub enum ColorError {
    Length(usize),
    Digits(String),
}

/// Parses a colour written as "#rrggbb" (the leading '#' is optional).
pub fn parse_hex(s: &str) -> Result<(u8, u8, u8), ColorError> {
    let hex = s.strip_prefix('#').unwrap_or(s);
    if hex.len() != 6 || !hex.is_ascii() {
        return Err(ColorError::Length(hex.len()));
    }
    let channel = |i: usize| {
        let pair = &hex[i..i + 2];
        u8::from_str_radix(pair, 16).map_err(|_| ColorError::Length(pair.len()))
    };
    Ok((channel(0)?, channel(2)?, channel(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(parse_hex("#ff8000"), Ok((255, 128, 0)));
        assert_eq!(parse_hex("0a0B0c"), Ok((10, 11, 12)));
    }

    #[test]
    fn errors() {
        assert_eq!(parse_hex("#fff"), Err(ColorError::Length(3)));
        assert_eq!(parse_hex("#12zz56"), Err(ColorError::Digits("zz".into())));
    }
}
