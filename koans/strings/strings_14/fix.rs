/// Line total in cents for a European CSV row "name;price;qty" (price uses a decimal comma).
pub fn line_total_cents(row: &str) -> Option<u64> {
    let mut cols = row.split(';');
    let _name = cols.next()?;
    let (euros, cents) = cols.next()?.trim().split_once(',')?;
    let qty: u64 = cols.next()?.trim().parse().ok()?;
    let unit = euros.parse::<u64>().ok()? * 100 + cents.parse::<u64>().ok()?;
    Some(unit * qty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_rows() {
        assert_eq!(line_total_cents("Milk;1,25;2"), Some(250));
        assert_eq!(line_total_cents("Bread; 2,10 ; 3"), Some(630));
    }

    #[test]
    fn rejects_malformed_rows() {
        assert_eq!(line_total_cents("Eggs;3;1"), None);
        assert_eq!(line_total_cents("nothing"), None);
    }
}
