use std::collections::HashMap;

/// Units to order so that `item` reaches `target`; unknown items start from zero.
pub fn reorder_qty(stock: &HashMap<String, u32>, item: &str, target: u32) -> u32 {
    match stock.get(item) {
        Some(&have) if have >= target => 0,
        Some(&have) => target - have,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelf() -> HashMap<String, u32> {
        let mut m = HashMap::new();
        m.insert("bolts".to_string(), 40);
        m.insert("nuts".to_string(), 120);
        m
    }

    #[test]
    fn tops_up_known_items() {
        assert_eq!(reorder_qty(&shelf(), "bolts", 100), 60);
        assert_eq!(reorder_qty(&shelf(), "nuts", 100), 0);
    }

    #[test]
    fn unknown_item_orders_full_target() {
        assert_eq!(reorder_qty(&shelf(), "washers", 25), 25);
    }
}
