/// Running balances after each ledger entry. An entry that would take the balance
/// below zero is refused and charges `fee` instead.
pub fn running_balances(opening: i64, entries: &[i64], fee: i64) -> Vec<i64> {
    let mut balance = opening;
    let mut history = Vec::with_capacity(entries.len());
    for &amount in entries {
        balance = if balance + amount < 0 { balance - fee } else { balance + amount };
        history.push(balance);
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_balance_forward() {
        assert_eq!(running_balances(100, &[-30, -80, 50], 5), vec![70, 65, 115]);
    }

    #[test]
    fn no_entries() {
        assert!(running_balances(10, &[], 1).is_empty());
    }
}
