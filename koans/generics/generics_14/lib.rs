/// An undo stack that forgets the oldest actions beyond a fixed limit.
pub struct UndoStack<A> {
    actions: Vec<A>,
    limit: usize,
}

impl<A> UndoStack<A> {
    pub fn with_limit(limit: usize) -> Self {
        UndoStack { actions: Vec::new(), limit }
    }

    pub fn record(&mut self, action: A) {
        if self.actions.len() == self.limit {
            self.actions.remove(0);
        }
        self.actions.push(action);
    }

    /// Takes back the most recent action.
    pub fn undo(&mut self) -> Option<A> {
        (!self.actions.is_empty()).then(|| self.actions.remove(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undoes_newest_first() {
        let mut s = UndoStack::with_limit(5);
        s.record("type b");
        s.record("bold");
        assert_eq!(s.undo(), Some("bold"));
        assert_eq!(s.undo(), Some("type b"));
    }

    #[test]
    fn forgets_oldest_beyond_limit() {
        let mut s = UndoStack::with_limit(2);
        for n in 1..=4 {
            s.record(n);
        }
        assert_eq!((s.undo(), s.undo(), s.undo()), (Some(4), Some(3), None));
    }
}
