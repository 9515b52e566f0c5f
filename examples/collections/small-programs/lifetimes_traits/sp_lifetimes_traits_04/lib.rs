/// Dynamic range in decibels between the loudest and the quietest non-silent sample.
pub fn dynamic_range_db(samples: &[f32]) -> Option<f32> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let floor = samples
        .iter()
        .map(|s| s.abs())
        .filter(|s| *s > 0.0)
        .fold(f32::INFINITY, f32::min);
    if !floor.is_finite() {
        return None;
    }
    let dyn = peek / floor;
    Some(20.0 * dyn.log10())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_of_ten_is_twenty_decibels() {
        let db = dynamic_range_db(&[0.05, -0.5, 0.0, 0.2]).unwrap();
        assert!((db - 20.0).abs() < 1e-4);
    }

    #[test]
    fn silence_has_no_range() {
        assert_eq!(dynamic_range_db(&[0.0, 0.0]), None);
        assert_eq!(dynamic_range_db(&[]), None);
    }
}
