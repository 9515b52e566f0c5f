pub struct Order {
    pub id: u32,
    pub cents: u64,
}

/// Returns the total value of the orders and how many there were.
pub fn summarize(orders: Vec<Order>) -> (u64, usize) {
    let mut total = 0;
    for order in &orders {
        total += order.cents;
    }
    (total, orders.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_counts() {
        let orders = vec![Order { id: 1, cents: 250 }, Order { id: 2, cents: 1000 }, Order { id: 3, cents: 5 }];
        assert_eq!(summarize(orders), (1255, 3));
        assert_eq!(summarize(Vec::new()), (0, 0));
    }
}
