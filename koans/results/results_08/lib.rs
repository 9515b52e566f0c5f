use std::num::ParseIntError;

/// Returns the spread (largest minus smallest) of a whitespace-separated row of integers.
pub fn row_spread(row: &str) -> Result<i64, ParseIntError> {
    let nums: Vec<i64> = row
        .split_whitespace()
        .map(|tok| tok.parse::<i64>())
        .collect()?;
    let hi = nums.iter().max().copied().unwrap_or(0);
    let lo = nums.iter().min().copied().unwrap_or(0);
    Ok(hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads() {
        assert_eq!(row_spread("3 -2 10"), Ok(12));
        assert_eq!(row_spread("7"), Ok(0));
        assert_eq!(row_spread(""), Ok(0));
    }

    #[test]
    fn bad_token_is_an_error() {
        assert!(row_spread("4 four").is_err());
    }
}
