/// Parses a price like "19.99" into whole cents.
pub fn to_cents(price: &str) -> Option<i64> {
    let dollars: f64 = price.trim().parse().ok()?;
    Some((dollars * 100.0).round() as i64)
}

/// Sum of a receipt's prices in cents; unparsable lines are ignored.
pub fn receipt_total(lines: &[&str]) -> i64 {
    lines.iter().filter_map(|l| to_cents(l)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_cents() {
        assert_eq!(to_cents("19.99"), Some(1999));
        assert_eq!(to_cents(" 0.29 "), Some(29));
        assert_eq!(to_cents("abc"), None);
    }

    #[test]
    fn totals() {
        assert_eq!(receipt_total(&["4.35", "1.10", "n/a", "0.57"]), 602);
    }
}
