use std::collections::BTreeMap;

/// Temperature readings keyed by minute of the day.
#[derive(Default)]
pub struct Log {
    readings: BTreeMap<u32, i32>,
}

impl Log {
    pub fn record(&mut self, minute: u32, value: i32) {
        self.readings.insert(minute, value);
    }

    /// The latest reading taken at or before `minute`.
    pub fn at(&self, minute: u32) -> Option<i32> {
        self.readings.range(..minute).next_back().map(|(_, v)| *v)
    }

    /// The dynamic range (highest minus lowest) of the readings in [from, to].
    pub fn dynamic_range(&self, from: u32, to: u32) -> Option<i32> {
        let window = self.readings.range(from..=to).map(|(_, v)| *v);
        let lowest = window.clone().min()?;
        let dyn = window.max()? - lowest;
        Some(dyn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Log {
        let mut log = Log::default();
        log.record(60, 12);
        log.record(120, 15);
        log.record(180, 9);
        log
    }

    #[test]
    fn reading_at_a_minute() {
        let log = sample();
        assert_eq!(log.at(30), None);
        assert_eq!(log.at(150), Some(15));
        assert_eq!(log.at(180), Some(9));
    }

    #[test]
    fn range_of_a_window() {
        assert_eq!(sample().dynamic_range(60, 180), Some(6));
        assert_eq!(sample().dynamic_range(0, 30), None);
    }
}
