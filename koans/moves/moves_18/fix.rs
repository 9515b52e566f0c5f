use std::cell::RefCell;
use std::rc::Rc;

/// A shared score board: clones of the handle all see the same scores.
#[derive(Clone)]
pub struct Board {
    pub scores: Rc<RefCell<Vec<u32>>>,
}

impl Board {
    pub fn add(&self, score: u32) {
        self.scores.borrow_mut().push(score);
    }

    /// An independent board holding a copy of the current scores.
    pub fn snapshot(&self) -> Board {
        Board { scores: Rc::new(RefCell::new(self.scores.borrow().clone())) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_are_independent() {
        let live = Board { scores: Rc::new(RefCell::new(vec![3])) };
        let handle = live.clone();
        handle.add(4);
        let snap = live.snapshot();
        live.add(9);
        snap.add(1);
        assert_eq!(*snap.scores.borrow(), vec![3, 4, 1]);
        assert_eq!(*live.scores.borrow(), vec![3, 4, 9]);
    }
}
