/// Average star rating rounded to one decimal place, or None without ratings.
pub fn average_stars(ratings: &[i32]) -> Option<f64> {
    if ratings.is_empty() {
        return None;
    }
    let total: i32 = ratings.iter().sum();
    let avg: f64 = f64::from(total) / ratings.len() as f64;
    Some((avg * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages() {
        assert_eq!(average_stars(&[5, 4]), Some(4.5));
        assert_eq!(average_stars(&[5, 5, 4]), Some(4.7));
        assert_eq!(average_stars(&[3]), Some(3.0));
        assert_eq!(average_stars(&[]), None);
    }
}
