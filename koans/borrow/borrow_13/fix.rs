/// Remembers the three most recent readings, overwriting the oldest slot.
#[derive(Default)]
pub struct Ring {
    slots: [Option<String>; 3],
    next: usize,
}

impl Ring {
    /// Stores `reading`, returning the reading it evicted, if any.
    pub fn put(&mut self, reading: String) -> Option<String> {
        let evicted = self.slots[self.next].replace(reading);
        self.next = (self.next + 1) % self.slots.len();
        evicted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest() {
        let mut r = Ring::default();
        let got: Vec<Option<String>> = ["a", "b", "c", "d", "e"].iter().map(|s| r.put(s.to_string())).collect();
        assert_eq!(got, [None, None, None, Some("a".into()), Some("b".into())]);
        assert_eq!(r.put("f".into()).as_deref(), Some("c"));
        assert_eq!(r.put("g".into()).as_deref(), Some("d"));
    }
}
