/// Tallies a comma-separated record: (sum of non-negative values, negatives seen, unparsable fields).
pub fn tally(record: &str) -> (i64, u32, u32) {
    let (mut sum, mut negatives, mut bad) = (0, 0, 0);
    for field in record.split(',') {
        match field.trim().parse::<i64>() {
            Ok(v) if v >= 0 => sum += v,
            Ok(_) => negatives += 1,
        }
    }
    (sum, negatives, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_record() {
        assert_eq!(tally("4, 5 ,6"), (15, 0, 0));
    }

    #[test]
    fn mixed_record() {
        assert_eq!(tally("10,-3,x,,7"), (17, 1, 2));
    }
}
