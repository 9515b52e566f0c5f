#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub name: String,
    pub qty: u32,
}

/// Removes up to `n` units from every item (never below zero); returns the units removed.
pub fn draw_down(stock: &mut [Item], n: u32) -> u32 {
    let mut removed = 0;
    for item in stock.iter_mut() {
        let take = item.qty.min(n);
        item.qty -= take;
        removed += take;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_from_every_item() {
        let mut stock = vec![
            Item { name: "bolt".into(), qty: 10 },
            Item { name: "nut".into(), qty: 2 },
        ];
        assert_eq!(draw_down(&mut stock, 3), 5);
        assert_eq!(stock[0], Item { name: "bolt".into(), qty: 7 });
        assert_eq!(stock[1].qty, 0);
    }
}
