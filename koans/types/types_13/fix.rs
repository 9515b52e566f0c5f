/// Fuel consumption in litres per 100 km.
pub fn litres_per_100km(litres: u32, km: u32) -> f64 {
    f64::from(litres) * 100.0 / f64::from(km)
}

/// Index of the most economical trip, given (litres, km) per trip.
pub fn best_trip(trips: &[(u32, u32)]) -> Option<usize> {
    let rates: Vec<f64> = trips.iter().map(|&(l, k)| litres_per_100km(l, k)).collect();
    (0..rates.len()).min_by(|&a, &b| rates[a].total_cmp(&rates[b]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumption() {
        assert_eq!(litres_per_100km(45, 600), 7.5);
        assert_eq!(litres_per_100km(10, 200), 5.0);
    }

    #[test]
    fn picks_lowest_rate() {
        assert_eq!(best_trip(&[(45, 600), (44, 600), (50, 600)]), Some(1));
        assert_eq!(best_trip(&[]), None);
    }
}
