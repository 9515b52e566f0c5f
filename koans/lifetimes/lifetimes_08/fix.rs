/// Returns a reference to the median reading (the upper one for even counts).
pub fn median_reading(readings: &[i64]) -> Option<&i64> {
    if readings.is_empty() {
        return None;
    }
    let mut sorted: Vec<&i64> = readings.iter().collect();
    sorted.sort_unstable();
    Some(sorted[sorted.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_and_even_counts() {
        assert_eq!(median_reading(&[9, 1, 5]), Some(&5));
        assert_eq!(median_reading(&[4, -2, 8, 6]), Some(&6));
        assert_eq!(median_reading(&[]), None);
    }

    #[test]
    fn points_into_input() {
        let data = [30, 10, 20];
        let m = median_reading(&data).unwrap();
        assert!(std::ptr::eq(m, &data[2]));
    }
}
