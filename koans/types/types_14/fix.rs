/// Brightens 8-bit grey pixels by `percent`, saturating at white.
pub fn brighten(pixels: &[u8], percent: u16) -> Vec<u8> {
    pixels
        .iter()
        .map(|&p| {
            let scaled = u16::from(p) * (100 + percent) / 100;
            scaled.min(255) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_and_saturates() {
        assert_eq!(
            brighten(&[0, 10, 100, 200, 255], 50),
            [0, 15, 150, 255, 255]
        );
        assert_eq!(brighten(&[80], 0), [80]);
    }
}
