/// Shipping tiers as (over this many grams, price in cents), tried in order: first match wins.
const TIERS: [(u32, u32); 3] = [(1_000, 900), (5_000, 1_800), (20_000, 4_500)];

/// The price of shipping a parcel; parcels up to 1 kg cost 450 cents.
pub fn shipping_cents(grams: u32) -> u32 {
    for (over, price) in TIERS {
        if grams > over {
            return price;
        }
    }
    450
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tier() {
        assert_eq!(shipping_cents(800), 450);
        assert_eq!(shipping_cents(1_500), 900);
        assert_eq!(shipping_cents(6_000), 1_800);
        assert_eq!(shipping_cents(25_000), 4_500);
    }
}
