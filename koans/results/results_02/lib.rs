#[derive(Debug, PartialEq)]
pub enum LedgerError {
    Overdraft { needed: u64, available: u64 },
}

pub struct Ledger {
    pub balance: u64,
}

impl Ledger {
    pub fn withdraw(&mut self, amount: u64) -> Result<(), LedgerError> {
        if amount > self.balance {
            return Err(LedgerError::Overdraft { needed: amount, available: self.balance });
        }
        self.balance -= amount;
        Ok(())
    }

    /// Applies the withdrawals in order, stopping at the first one that fails.
    pub fn withdraw_all(&mut self, amounts: &[u64]) {
        for &amount in amounts {
            self.withdraw(amount)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_first_overdraft() {
        let mut ledger = Ledger { balance: 50 };
        let outcome = ledger.withdraw_all(&[20, 40, 5]);
        assert_eq!(outcome, Err(LedgerError::Overdraft { needed: 40, available: 30 }));
        assert_eq!(ledger.balance, 30);
    }

    #[test]
    fn drains_exactly() {
        let mut ledger = Ledger { balance: 50 };
        assert_eq!(ledger.withdraw_all(&[20, 30]), Ok(()));
        assert_eq!(ledger.balance, 0);
    }
}
