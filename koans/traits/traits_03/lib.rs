use std::iter::Sum;
use std::ops::Add;

/// An amount of money in cents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cents(pub u64);

impl Add for Cents {
    type Output = Cents;
    fn add(self, other: Cents) -> Cents {
        Cents(self.0 + other.0)
    }
}

impl<'a> Sum<&'a Cents> for Cents {
    fn sum<I: Iterator<Item = &'a Cents>>(iter: I) -> Cents {
        iter.fold(Cents(0), |acc, c| acc + *c)
    }
}

/// An invoice line: quantity times unit price.
pub struct Line {
    pub qty: u64,
    pub unit: Cents,
}

/// Total cost of every line on an invoice.
pub fn invoice_total(lines: &[Line]) -> Cents {
    lines.iter().map(|l| Cents(l.qty * l.unit.0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_lines() {
        let lines = [Line { qty: 3, unit: Cents(250) }, Line { qty: 1, unit: Cents(99) }];
        assert_eq!(invoice_total(&lines), Cents(849));
        assert_eq!(invoice_total(&[]), Cents(0));
    }
}
