pub struct Account {
    pub id: u32,
    pub balance: i64,
}

pub struct Bank {
    pub accounts: Vec<Account>,
    pub audit: Vec<String>,
}

impl Bank {
    fn find(&self, id: u32) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == id)
    }

    fn note(&mut self, entry: String) {
        self.audit.push(entry);
    }

    /// Looks up a balance and records the lookup in the audit trail.
    pub fn checked_balance(&mut self, id: u32) -> Option<i64> {
        let acct = self.find(id)?;
        self.note(format!("balance check {id}"));
        Some(acct.balance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audits_every_found_lookup() {
        let accounts = vec![Account { id: 7, balance: -20 }, Account { id: 9, balance: 55 }];
        let mut b = Bank { accounts, audit: vec![] };
        assert_eq!(b.checked_balance(9), Some(55));
        assert_eq!(b.checked_balance(7), Some(-20));
        assert_eq!(b.checked_balance(1), None);
        assert_eq!(b.audit, vec!["balance check 9", "balance check 7"]);
    }
}
