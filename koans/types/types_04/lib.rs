/// Invoice total with tax, rounded to cents; items are (unit price, quantity).
pub fn invoice_total(items: &[(f64, u32)], tax_rate: f64) -> f64 {
    let subtotal: f64 = items.iter().map(|&(price, qty)| price * qty).sum();
    (subtotal * (1.0 + tax_rate) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_tax() {
        let items = [(2.50, 4), (0.99, 10)];
        assert_eq!(invoice_total(&items, 0.2), 23.88);
        assert_eq!(invoice_total(&[], 0.2), 0.0);
    }
}
