/// Moves `amount` between two accounts if the source can cover it.
pub fn transfer(balances: &mut [i64], from: usize, to: usize, amount: i64) -> bool {
    if from == to || from >= balances.len() || to >= balances.len() {
        return false;
    }
    let source = &mut balances[from];
    if *source < amount {
        return false;
    }
    *source -= amount;
    let target = &mut balances[to];
    *target += amount;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_money_between_accounts() {
        let mut balances = [100, 20, 5];
        assert!(transfer(&mut balances, 0, 2, 30));
        assert_eq!(balances, [70, 20, 35]);
    }

    #[test]
    fn refuses_overdraft_and_bad_indices() {
        let mut balances = [10, 0];
        assert!(!transfer(&mut balances, 0, 1, 11));
        assert!(!transfer(&mut balances, 0, 0, 1));
        assert!(!transfer(&mut balances, 0, 7, 1));
        assert_eq!(balances, [10, 0]);
    }
}
