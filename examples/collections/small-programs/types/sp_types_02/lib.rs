pub struct Line {
    pub name: String,
    pub price: f64,
    pub qty: u32,
}

/// Sum of all lines; orders of 100.0 or more get 10% off.
pub fn order_total(lines: &[Line]) -> f64 {
    let subtotal: f64 = lines.iter().map(|l| l.price * l.qty).sum();
    if subtotal >= 100.0 {
        subtotal * 0.9
    } else {
        subtotal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, price: f64, qty: u32) -> Line {
        Line { name: name.to_string(), price, qty }
    }

    #[test]
    fn small_order_has_no_discount() {
        let total = order_total(&[line("pen", 1.5, 4), line("pad", 3.0, 1)]);
        assert!((total - 9.0).abs() < 1e-9);
    }

    #[test]
    fn large_order_is_discounted() {
        let total = order_total(&[line("chair", 60.0, 2)]);
        assert!((total - 108.0).abs() < 1e-9);
        assert_eq!(line("x", 1.0, 1).name, "x");
    }
}
