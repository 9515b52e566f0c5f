/// A parcel on a delivery van.
pub struct Parcel {
    pub label: &'static str,
    pub grams: u32,
}

/// Total load in grams; u64 so that heavy vans cannot overflow.
pub fn van_load(parcels: &[Parcel]) -> u64 {
    parcels.iter().map(|p| &p.grams).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_weights_without_overflow() {
        let van = [
            Parcel { label: "piano", grams: 3_000_000_000 },
            Parcel { label: "safe", grams: 2_500_000_000 },
            Parcel { label: "letter", grams: 20 },
        ];
        assert_eq!(van[2].label, "letter");
        assert_eq!(van_load(&van), 5_500_000_020);
    }

    #[test]
    fn empty_van() {
        assert_eq!(van_load(&[]), 0);
    }
}
