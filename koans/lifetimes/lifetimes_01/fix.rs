/// Chooses the singular or plural unit label for a quantity.
pub fn unit_label<'a>(amount: f64, singular: &'a str, plural: &'a str) -> &'a str {
    if (amount - 1.0).abs() < f64::EPSILON {
        singular
    } else {
        plural
    }
}

/// Formats a quantity followed by its unit label.
pub fn describe(amount: f64, singular: &str, plural: &str) -> String {
    format!("{} {}", amount, unit_label(amount, singular, plural))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_singular_for_one() {
        assert_eq!(unit_label(1.0, "crate", "crates"), "crate");
    }

    #[test]
    fn picks_plural_otherwise() {
        assert_eq!(unit_label(2.5, "litre", "litres"), "litres");
        assert_eq!(describe(0.0, "box", "boxes"), "0 boxes");
        assert_eq!(describe(1.0, "pallet", "pallets"), "1 pallet");
    }
}
