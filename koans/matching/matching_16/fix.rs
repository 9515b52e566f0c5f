#[derive(Debug, Clone, Copy)]
pub enum Day {
    Weekday,
    Saturday,
    Sunday,
    Holiday,
}

/// Parking charge in cents for a list of (day, hours) stays.
pub fn parking_charge(stays: &[(Day, u32)]) -> u32 {
    stays
        .iter()
        .map(|&(day, hours)| {
            let rate = match day {
                Day::Saturday | Day::Sunday | Day::Holiday => 150,
                _ => 300,
            };
            rate * hours
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_rate_days() {
        assert_eq!(parking_charge(&[(Day::Weekday, 2)]), 600);
        assert_eq!(parking_charge(&[(Day::Sunday, 2), (Day::Saturday, 1)]), 450);
        assert_eq!(parking_charge(&[(Day::Holiday, 4), (Day::Weekday, 1)]), 900);
    }
}
