#[derive(Debug, PartialEq)]
pub enum TransferError {
    Frozen(u32),
    Insufficient { short_by: u64 },
}

pub struct Account {
    pub id: u32,
    pub balance: u64,
    pub frozen: bool,
}

/// Moves money between accounts; account state is validated before funds are.
pub fn transfer(from: &mut Account, to: &mut Account, amount: u64) -> Result<(), TransferError> {
    if from.balance < amount {
        return Err(TransferError::Insufficient { short_by: amount - from.balance });
    }
    if let Some(acct) = [&*from, &*to].into_iter().find(|a| a.frozen) {
        return Err(TransferError::Frozen(acct.id));
    }
    from.balance -= amount;
    to.balance += amount;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acct(id: u32, balance: u64, frozen: bool) -> Account {
        Account { id, balance, frozen }
    }

    #[test]
    fn frozen_wins_over_funds() {
        let (mut a, mut b) = (acct(1, 5, false), acct(2, 0, true));
        assert_eq!(transfer(&mut a, &mut b, 9), Err(TransferError::Frozen(2)));
        let (mut a, mut b) = (acct(1, 5, false), acct(2, 0, false));
        assert_eq!(transfer(&mut a, &mut b, 9), Err(TransferError::Insufficient { short_by: 4 }));
        assert_eq!(transfer(&mut a, &mut b, 5), Ok(()));
        assert_eq!((a.balance, b.balance), (0, 5));
    }
}
