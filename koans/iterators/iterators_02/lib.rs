pub struct Line {
    pub qty: u32,
    pub unit_cents: u32,
}

/// Order total in cents; orders above 10_000 cents get 5% off (rounded down).
pub fn order_total(lines: &[Line]) -> u64 {
    let gross = lines
        .iter()
        .map(|l| u64::from(l.qty) * u64::from(l.unit_cents))
        .sum();
    let discount = if gross > 10_000 { gross / 20 } else { 0 };
    gross.saturating_sub(discount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_order_has_no_discount() {
        let lines = [Line { qty: 2, unit_cents: 450 }, Line { qty: 1, unit_cents: 99 }];
        assert_eq!(order_total(&lines), 999);
    }

    #[test]
    fn large_order_is_discounted() {
        let lines = [Line { qty: 4, unit_cents: 5_000 }];
        assert_eq!(order_total(&lines), 19_000);
    }
}
