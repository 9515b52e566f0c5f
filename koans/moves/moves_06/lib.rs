pub struct Cart {
    pub items: Vec<(String, u32)>,
}

impl Cart {
    /// Total price of the cart in cents.
    pub fn total(self) -> u32 {
        self.items.iter().map(|(_, cents)| cents).sum()
    }
}

/// Adds a delivery fee line when the cart is below the free-shipping threshold.
pub fn with_delivery(mut cart: Cart) -> Cart {
    if cart.total() < 5000 {
        cart.items.push(("delivery".to_string(), 499));
    }
    cart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_only_under_threshold() {
        let small = with_delivery(Cart { items: vec![("mug".into(), 1200)] });
        assert_eq!(small.total(), 1699);
        assert_eq!(small.items.last().unwrap().0, "delivery");
        let big = with_delivery(Cart { items: vec![("desk".into(), 5000)] });
        assert_eq!(big.items.len(), 1);
    }
}
