use std::fmt;

/// An amount in euro cents.
pub struct Euros(pub u64);

impl fmt::Display for Euros {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "€{}.{}", self.0 / 100, self.0 % 100)
    }
}

/// A receipt line such as `"coffee ..... €3.05"`.
pub fn receipt_line(item: &str, price: Euros) -> String {
    format!("{item} ..... {price}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_cents() {
        assert_eq!(Euros(305).to_string(), "€3.05");
        assert_eq!(Euros(7).to_string(), "€0.07");
        assert_eq!(Euros(1250).to_string(), "€12.50");
    }

    #[test]
    fn receipt() {
        assert_eq!(receipt_line("bagel", Euros(240)), "bagel ..... €2.40");
    }
}
