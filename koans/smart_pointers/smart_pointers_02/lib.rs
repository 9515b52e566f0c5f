use std::cell::RefCell;
use std::rc::Rc;

pub struct Account {
    pub owner: String,
    pub balance: i64,
}

/// Deposits into an account shared by several ledgers; returns the new balance.
pub fn deposit(acct: &Rc<RefCell<Account>>, amount: i64) -> i64 {
    let a = acct.borrow();
    a.balance += amount;
    a.balance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ledgers_see_deposit() {
        let main = Rc::new(RefCell::new(Account { owner: "kim".into(), balance: 40 }));
        let audit = Rc::clone(&main);
        assert_eq!(deposit(&main, 15), 55);
        assert_eq!(deposit(&audit, -5), 50);
        assert_eq!(main.borrow().balance, 50);
        assert_eq!(audit.borrow().owner, "kim");
    }
}
