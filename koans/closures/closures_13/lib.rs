/// A savings account; `rate_pct` is the yearly interest in percent.
pub struct Savings {
    pub balance: u64,
    pub rate_pct: u64,
}

impl Savings {
    /// Sets a new rate, then projects the balance at the end of each of the next `years`.
    pub fn reprice(&mut self, new_rate: u64, years: usize) -> Vec<u64> {
        let rate = self.rate_pct;
        self.rate_pct = new_rate;
        let grow = |b: u64| b + b * rate / 100;
        std::iter::successors(Some(grow(self.balance)), |&b| Some(grow(b)))
            .take(years)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_with_new_rate() {
        let mut acct = Savings { balance: 1000, rate_pct: 2 };
        assert_eq!(acct.reprice(10, 3), vec![1100, 1210, 1331]);
        assert_eq!(acct.rate_pct, 10);
        assert_eq!(acct.balance, 1000);
    }
}
