/// Accumulates amounts for one round and hands the total over when the round closes.
pub struct Tally<T> {
    total: T,
    count: u32,
}

impl<T: Default + Copy + std::ops::AddAssign> Tally<T> {
    pub fn open() -> Self {
        Tally { total: T::default(), count: 0 }
    }

    pub fn add(&mut self, amount: T) {
        self.total += amount;
        self.count += 1;
    }

    /// Returns (total, count) for the round and starts a fresh one.
    pub fn close_round(&mut self) -> (T, u32) {
        let result = (self.total, self.count);
        self.total = 0;
        self.count = 0;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_rounds() {
        let mut t = Tally::open();
        t.add(2.5);
        t.add(1.0);
        assert_eq!(t.close_round(), (3.5, 2));
        t.add(4.0);
        assert_eq!(t.close_round(), (4.0, 1));
        assert_eq!(t.close_round(), (0.0, 0));
        let mut whole: Tally<u64> = Tally::open();
        whole.add(7);
        assert_eq!(whole.close_round(), (7, 1));
    }
}
