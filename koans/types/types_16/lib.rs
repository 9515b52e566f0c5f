/// Daily traffic for a car park.
pub struct Traffic {
    pub arrivals: u32,
    pub departures: u32,
}

/// Free spaces after each day, starting from an empty car park of `capacity` spaces.
pub fn free_spaces(capacity: u32, days: &[Traffic]) -> Vec<u32> {
    let mut free = capacity;
    let mut out = Vec::with_capacity(days.len());
    for day in days {
        free = free - day.arrivals + day.departures;
        out.push(free);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_days_turn_over() {
        let days = [
            Traffic {
                arrivals: 80,
                departures: 30,
            },
            Traffic {
                arrivals: 120,
                departures: 110,
            },
            Traffic {
                arrivals: 10,
                departures: 60,
            },
        ];
        assert_eq!(free_spaces(100, &days), [50, 40, 90]);
    }
}
