/// The mean of a list of exam scores; `None` for an empty list.
pub fn mean(scores: &[i32]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let total: i32 = scores.iter().sum();
    Some(f64::from(total) / scores.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_keeps_the_fraction() {
        assert_eq!(mean(&[90, 85, 80, 88]), Some(85.75));
        assert_eq!(mean(&[1, 2]), Some(1.5));
        assert_eq!(mean(&[]), None);
    }
}
