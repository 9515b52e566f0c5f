/// Warmest reading of the day in tenths of a degree; None when there are no readings.
pub fn warmest(readings: &[i32]) -> Option<i32> {
    if readings.is_empty() {
        return None;
    }
    Some(readings.iter().copied().fold(0, i32::max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_day() {
        assert_eq!(warmest(&[152, 231, 198]), Some(231));
    }

    #[test]
    fn winter_day_stays_below_zero() {
        assert_eq!(warmest(&[-52, -31, -70]), Some(-31));
        assert_eq!(warmest(&[]), None);
    }
}
