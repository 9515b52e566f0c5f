/// Picks a battery icon name for a charge percentage.
pub fn battery_icon(percent: u8) -> &'static str {
    match percent {
        0..=9 => "empty",
        10..=39 => "low",
        40..79 => "half",
        _ => "full",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges() {
        let got: Vec<&str> = [0, 9, 10, 39, 40, 79, 80, 100]
            .iter()
            .map(|&p| battery_icon(p))
            .collect();
        assert_eq!(
            got,
            ["empty", "empty", "low", "low", "half", "half", "full", "full"]
        );
    }
}
