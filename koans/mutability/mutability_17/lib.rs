use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub balance: i64,
    pub transfers: u32,
}

/// Moves `amount` between accounts, opening the destination if needed; false if refused.
pub fn transfer(book: &mut HashMap<String, Account>, from: &str, to: &str, amount: i64) -> bool {
    let Some(src) = book.get_mut(from) else { return false };
    if src.balance < amount {
        return false;
    }
    src.balance -= amount;
    src.transfers += 1;
    let mut dst = book.get(to).cloned().unwrap_or_default();
    dst.balance += amount;
    dst.transfers += 1;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_money_and_opens_accounts() {
        let mut book = HashMap::from([("ann".to_string(), Account { balance: 50, transfers: 0 })]);
        assert!(transfer(&mut book, "ann", "bo", 20));
        assert!(transfer(&mut book, "ann", "bo", 5));
        assert!(!transfer(&mut book, "ann", "bo", 40));
        assert_eq!(book["ann"], Account { balance: 25, transfers: 2 });
        assert_eq!(book["bo"], Account { balance: 25, transfers: 2 });
    }
}
