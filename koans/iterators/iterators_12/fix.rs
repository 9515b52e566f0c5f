/// Largest rise between two consecutive daily prices; 0 if the price never rises.
pub fn best_daily_gain(prices: &[i64]) -> i64 {
    prices
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .fold(0, i64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_biggest_jump() {
        assert_eq!(best_daily_gain(&[100, 104, 97, 110, 111]), 13);
    }

    #[test]
    fn falling_or_short_markets() {
        assert_eq!(best_daily_gain(&[50, 40, 30]), 0);
        assert_eq!(best_daily_gain(&[7]), 0);
    }
}
