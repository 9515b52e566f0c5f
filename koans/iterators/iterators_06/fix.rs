/// Highest reading among the sensors that reported one; None if none did.
pub fn peak_reading(readings: &[Option<f64>]) -> Option<f64> {
    readings.iter().flatten().copied().reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_highest_reported() {
        let r = [Some(12.5), None, Some(-3.0), Some(19.25), None];
        assert_eq!(peak_reading(&r), Some(19.25));
    }

    #[test]
    fn negative_only() {
        assert_eq!(peak_reading(&[Some(-8.5), Some(-2.5)]), Some(-2.5));
    }

    #[test]
    fn silent_sensors() {
        assert_eq!(peak_reading(&[None, None]), None);
    }
}
