use std::cell::RefCell;
use std::rc::Rc;

pub type Account = Rc<RefCell<i64>>;

fn fee(acct: &Account) -> i64 {
    if *acct.borrow() >= 1000 {
        0
    } else {
        2
    }
}

/// Withdraws `amount` plus the fee; returns false (changing nothing) if funds are short.
pub fn withdraw(acct: &Account, amount: i64) -> bool {
    let mut bal = acct.borrow_mut();
    let cost = amount + fee(acct);
    if *bal < cost {
        return false;
    }
    *bal -= cost;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_fee_below_threshold() {
        let acct: Account = Rc::new(RefCell::new(1000));
        assert!(withdraw(&acct, 100));
        assert!(withdraw(&acct, 100));
        assert!(!withdraw(&acct, 799));
        assert_eq!(*acct.borrow(), 798);
    }
}
