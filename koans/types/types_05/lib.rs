/// Mean of sensor readings, accumulated in double precision.
pub fn mean_reading(readings: &[f32]) -> Option<f64> {
    if readings.is_empty() {
        return None;
    }
    let total: f64 = readings.iter().sum();
    Some(total / readings.len() as f64)
}

/// Gap between the highest and lowest reading.
pub fn spread(readings: &[f32]) -> f32 {
    let hi = readings.iter().copied().fold(f32::MIN, f32::max);
    let lo = readings.iter().copied().fold(f32::MAX, f32::min);
    if readings.is_empty() {
        0.0
    } else {
        hi - lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_spread() {
        let r = [20.5_f32, 21.0, 22.25, 19.25];
        assert_eq!(mean_reading(&r), Some(20.75));
        assert_eq!(spread(&r), 3.0);
        assert_eq!(mean_reading(&[]), None);
    }
}
