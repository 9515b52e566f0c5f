/// Builds the checkout banner text for a basket.
pub fn basket_banner(count: usize) -> String {
    let label = match count {
        0 => "empty basket",
        1 => "1 item",
        n => format!("{n} items"),
    };
    format!("Basket: {}", label.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_single() {
        assert_eq!(basket_banner(0), "Basket: EMPTY BASKET");
        assert_eq!(basket_banner(1), "Basket: 1 ITEM");
    }

    #[test]
    fn many_items() {
        assert_eq!(basket_banner(12), "Basket: 12 ITEMS");
    }
}
