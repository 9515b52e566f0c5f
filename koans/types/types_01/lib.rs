/// One line of a wholesale order.
pub struct OrderLine {
    pub units: i32,
    pub cents_per_unit: i32,
}

/// Value of a single line in cents.
pub fn line_value(line: &OrderLine) -> i64 {
    line.units * line.cents_per_unit
}

/// Total value of an order in cents.
pub fn order_value(lines: &[OrderLine]) -> i64 {
    lines.iter().map(line_value).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_order() {
        let lines = [
            OrderLine {
                units: 3,
                cents_per_unit: 250,
            },
            OrderLine {
                units: 10,
                cents_per_unit: 99,
            },
        ];
        assert_eq!(order_value(&lines), 1740);
    }

    #[test]
    fn pallet_sized_order() {
        let lines = [OrderLine {
            units: 120_000,
            cents_per_unit: 25_000,
        }];
        assert_eq!(order_value(&lines), 3_000_000_000);
    }
}
