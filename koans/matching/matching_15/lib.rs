/// A ledger operation on a balance in cents.
pub enum Op {
    Deposit(u64),
    Withdraw(u64),
}

/// Applies operations in order; a withdrawal larger than the balance is skipped and counted.
pub fn run_ledger(start: u64, ops: &[Op]) -> (u64, usize) {
    let mut balance = start;
    let mut rejected = 0;
    for op in ops {
        match op {
            Op::Deposit(n) => balance += n,
            Op::Withdraw(n) if *n > balance => balance -= n,
            Op::Withdraw(_) => rejected += 1,
        }
    }
    (balance, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_overdrafts() {
        let ops = [
            Op::Withdraw(500),
            Op::Deposit(300),
            Op::Withdraw(900),
            Op::Withdraw(700),
        ];
        assert_eq!(run_ledger(1000, &ops), (100, 1));
    }

    #[test]
    fn exact_balance_is_allowed() {
        assert_eq!(run_ledger(250, &[Op::Withdraw(250)]), (0, 0));
    }
}
