use std::cell::RefCell;

/// Stock lines of (item, quantity); the same item may appear on several lines.
#[derive(Default)]
pub struct Inventory {
    lines: RefCell<Vec<(String, u32)>>,
}

impl Inventory {
    pub fn add(&self, item: &str, qty: u32) {
        self.lines.borrow_mut().push((item.to_string(), qty));
    }

    pub fn total(&self, item: &str) -> u32 {
        self.lines.borrow().iter().filter(|(n, _)| n == item).map(|(_, q)| q).sum()
    }

    /// Adds a top-up line for every line below `min`; returns how many were added.
    pub fn restock(&self, min: u32) -> usize {
        let mut added = 0;
        for (item, qty) in self.lines.borrow().iter() {
            if *qty < min {
                self.add(item, min - qty);
                added += 1;
            }
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tops_up_low_lines() {
        let inv = Inventory::default();
        inv.add("bolt", 2);
        inv.add("nut", 10);
        assert_eq!(inv.restock(5), 1);
        assert_eq!((inv.total("bolt"), inv.total("nut")), (5, 10));
    }
}
