#[derive(Debug, PartialEq)]
pub enum InvoiceError {
    MissingSeparator(usize),
    BadAmount(String),
}

/// Sums the cents of an invoice written as one "label;cents" entry per line.
pub fn invoice_total(text: &str) -> Result<u64, InvoiceError> {
    let total: u64 = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let (_, cents) = line.split_once(';').ok_or(InvoiceError::MissingSeparator(i + 1))?;
            let cents = cents.trim();
            cents.parse::<u64>().map_err(|_| InvoiceError::BadAmount(cents.to_string()))
        })
        .sum();
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_lines() {
        assert_eq!(invoice_total("tea;250\nscone; 399"), Ok(649));
        assert_eq!(invoice_total(""), Ok(0));
    }

    #[test]
    fn reports_problems() {
        assert_eq!(invoice_total("a;1\nb 2"), Err(InvoiceError::MissingSeparator(2)));
        assert_eq!(invoice_total("a;1.5"), Err(InvoiceError::BadAmount("1.5".into())));
    }
}
