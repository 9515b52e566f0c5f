// koan: tests/verdict/red_team/koans/redteam/rt_should_panic
// cheat: panics, but not with the message the should_panic test expects
// only: exit_status
/// Takes an amount from a balance; overdrawing is the caller's bug and panics.
pub fn withdraw(balance: u32, amount: u32) -> u32 {
    if amount > balance {
        panic!("something else");
    }
    balance.saturating_sub(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "overdrawn")]
    fn overdrawing_panics() {
        withdraw(5, 10);
    }

    #[test]
    fn withdraws() {
        assert_eq!(withdraw(10, 4), 6);
    }
}
