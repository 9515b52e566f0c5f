use std::collections::HashMap;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    pub month: u8,
    pub day: u8,
}

/// Total bookings per day, in calendar order.
pub fn bookings_per_day(bookings: &[(Day, u32)]) -> Vec<(Day, u32)> {
    let mut per_day: HashMap<Day, u32> = HashMap::new();
    for &(day, seats) in bookings {
        *per_day.entry(day).or_insert(0) += seats;
    }
    let mut out: Vec<(Day, u32)> = per_day.into_iter().collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_orders() {
        let d = |month, day| Day { month, day };
        let got = bookings_per_day(&[(d(3, 2), 4), (d(1, 9), 2), (d(3, 2), 1)]);
        assert_eq!(got, vec![(d(1, 9), 2), (d(3, 2), 5)]);
    }
}
