use std::error::Error;
use std::fmt;

/// Reasons a ledger entry is rejected.
#[derive(Debug)]
pub enum LedgerError {
    Overdraft { balance: i64, amount: i64 },
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            LedgerError::Overdraft { balance, amount } => write!(f, "cannot take {amount} from {balance}"),
        }
    }
}

impl Error for LedgerError {}

fn withdraw(balance: i64, amount: i64) -> Result<i64, LedgerError> {
    if amount > balance {
        return Err(LedgerError::Overdraft { balance, amount });
    }
    Ok(balance - amount)
}

/// Applies `"-N"` withdrawals in order and returns the final balance.
pub fn apply(start: i64, ops: &[&str]) -> Result<i64, Box<dyn Error>> {
    let mut balance = start;
    for op in ops {
        let amount: i64 = op.trim_start_matches('-').parse()?;
        balance = withdraw(balance, amount)?;
    }
    Ok(balance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_and_reports() {
        assert_eq!(apply(100, &["-30", "-20"]).unwrap(), 50);
        assert_eq!(apply(10, &["-11"]).unwrap_err().to_string(), "cannot take 11 from 10");
        assert!(apply(10, &["-x"]).is_err());
    }
}
