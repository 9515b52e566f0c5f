/// Shipping fee in cents for a parcel; members pay half for parcels over 5 kg.
pub fn shipping_fee(grams: u32, member: bool) -> u32 {
    match (grams, member) {
        (0, _) => 0,
        (g, true) if g > 5000 => 1200,
        (g, _) if g > 5000 => 2400,
        (g, _) if g > 1000 => 900,
        _ => 450,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_and_medium() {
        assert_eq!(shipping_fee(0, false), 0);
        assert_eq!(shipping_fee(800, true), 450);
        assert_eq!(shipping_fee(1001, false), 900);
    }

    #[test]
    fn heavy_parcels() {
        assert_eq!(shipping_fee(7000, false), 2400);
        assert_eq!(shipping_fee(7000, true), 1200);
        assert_eq!(shipping_fee(5000, true), 900);
    }
}
