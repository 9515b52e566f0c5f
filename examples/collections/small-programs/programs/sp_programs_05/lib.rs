//! A small bank ledger: applies deposits and withdrawals and counts the refused ones.

enum Entry {
    Deposit(u64),
    Withdraw(u64),
}

/// Tries a withdrawal: the new balance, or `None` if the account would go below zero.
fn try(balance: u64, amount: u64) -> Option<u64> {
    if balance > amount {
        Some(balance - amount)
    } else {
        None
    }
}

/// Applies the entries in order; returns the final balance and how many withdrawals were refused.
fn apply(start: u64, entries: &[Entry]) -> (u64, usize) {
    let mut balance = start;
    let mut refused = 0;
    for entry in entries {
        match *entry {
            Entry::Deposit(amount) => balance += amount,
            Entry::Withdraw(amount) => match try(balance, amount) {
                Some(left) => balance = left,
                None => refused += 1,
            },
        }
    }
    (balance, refused)
}

fn main() {
    let entries = [Entry::Deposit(50), Entry::Withdraw(60), Entry::Withdraw(100), Entry::Deposit(5)];
    let (balance, refused) = apply(30, &entries);
    println!("balance {balance}, {refused} refused");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptying_the_account_is_allowed() {
        assert_eq!(try(10, 10), Some(0));
        assert_eq!(try(10, 11), None);
    }

    #[test]
    fn ledger() {
        let entries = [Entry::Deposit(50), Entry::Withdraw(80), Entry::Withdraw(10), Entry::Deposit(5)];
        assert_eq!(apply(30, &entries), (5, 1));
    }
}
