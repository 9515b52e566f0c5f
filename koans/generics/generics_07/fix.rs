/// A library shelf holding items in the order they were placed.
pub struct Shelf<T> {
    slots: Vec<T>,
    capacity: usize,
}

impl<T> Shelf<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        Shelf { slots: Vec::new(), capacity }
    }

    /// Places an item; hands it back if the shelf is full.
    pub fn place(&mut self, item: T) -> Result<(), T> {
        if self.slots.len() >= self.capacity {
            return Err(item);
        }
        self.slots.push(item);
        Ok(())
    }

    pub fn free_slots(&self) -> usize {
        self.capacity - self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_up_then_refuses() {
        let mut shelf = Shelf::with_capacity(2);
        assert_eq!(shelf.place("Dune"), Ok(()));
        assert_eq!(shelf.place("Emma"), Ok(()));
        assert_eq!(shelf.place("Ubik"), Err("Ubik"));
        assert_eq!(shelf.free_slots(), 0);
    }

    #[test]
    fn holds_any_type() {
        let mut shelf: Shelf<(u32, char)> = Shelf::with_capacity(3);
        shelf.place((1, 'a')).unwrap();
        assert_eq!(shelf.free_slots(), 2);
    }
}
