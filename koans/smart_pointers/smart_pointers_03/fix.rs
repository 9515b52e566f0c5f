use std::cell::RefCell;
use std::rc::Rc;

/// A kanban column; clones of a board share the same cards.
#[derive(Default, Clone)]
pub struct Board {
    cards: Rc<RefCell<Vec<String>>>,
}

impl Board {
    pub fn add(&self, card: &str) {
        self.cards.borrow_mut().push(card.to_string());
    }

    pub fn count(&self) -> usize {
        self.cards.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_cards() {
        let a = Board::default();
        let b = a.clone();
        a.add("design");
        b.add("review");
        assert_eq!(a.count(), 2);
        assert_eq!(b.count(), 2);
    }
}
