/// Invoice line totals in cents: quantity * unit price, minus a percentage discount.
pub fn line_totals(qty: &[u32], unit_cents: &[u32], pct_off: &[u32]) -> Vec<u32> {
    qty.iter()
        .zip(unit_cents)
        .zip(pct_off)
        .map(|((q, p), d)| q * p * (100 - d) / 100)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_discounts() {
        let totals = line_totals(&[2, 1, 10], &[500, 1999, 120], &[0, 50, 25]);
        assert_eq!(totals, vec![1000, 999, 900]);
    }

    #[test]
    fn shortest_input_wins() {
        assert_eq!(line_totals(&[3, 4], &[100], &[10, 10]), vec![270]);
    }
}
