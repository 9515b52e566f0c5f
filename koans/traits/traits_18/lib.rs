use std::str::FromStr;

/// An RGB colour parsed from `#rrggbb`.
#[derive(Debug, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl FromStr for Rgb {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hex = s.strip_prefix('#').filter(|h| h.len() == 6 && h.is_ascii());
        let hex = hex.ok_or_else(|| format!("not a colour: {s}"))?;
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string());
        Ok(Rgb(channel(0)?, channel(2)?, channel(3)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_channels() {
        assert_eq!("#ff8000".parse(), Ok(Rgb(255, 128, 0)));
        assert_eq!("#0a0b0c".parse(), Ok(Rgb(10, 11, 12)));
    }

    #[test]
    fn rejects_bad_input() {
        assert!("ff8000".parse::<Rgb>().is_err());
        assert!("#ff80".parse::<Rgb>().is_err());
        assert!("#gg0000".parse::<Rgb>().is_err());
    }
}
