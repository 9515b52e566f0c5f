use std::cell::RefCell;
use std::rc::Rc;

/// A shopping cart shared by several browser tabs.
pub type Cart = Rc<RefCell<Vec<(String, u32)>>>;

/// Adds `qty` of `item`, merging with an existing line for the same item.
pub fn add_item(cart: &Cart, item: &str, qty: u32) {
    let mut lines = cart.borrow().clone();
    match lines.iter_mut().find(|(name, _)| name == item) {
        Some(line) => line.1 += qty,
        None => lines.push((item.to_string(), qty)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_share_cart() {
        let tab1: Cart = Rc::default();
        let tab2 = Rc::clone(&tab1);
        add_item(&tab1, "tea", 2);
        add_item(&tab2, "tea", 1);
        add_item(&tab2, "jam", 1);
        assert_eq!(*tab1.borrow(), vec![("tea".to_string(), 3), ("jam".to_string(), 1)]);
    }
}
