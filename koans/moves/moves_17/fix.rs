/// A FIFO of pending uploads, sent in batches.
pub struct Uploader {
    pub pending: Vec<String>,
    pub sent: usize,
}

impl Uploader {
    /// Removes and returns up to `n` of the oldest pending uploads.
    pub fn next_batch(&mut self, n: usize) -> Vec<String> {
        let n = n.min(self.pending.len());
        let rest = self.pending.split_off(n);
        let batch = std::mem::replace(&mut self.pending, rest);
        self.sent += batch.len();
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oldest_go_first() {
        let mut u = Uploader { pending: ["a", "b", "c", "d", "e"].map(String::from).to_vec(), sent: 0 };
        assert_eq!(u.next_batch(2), vec!["a", "b"]);
        assert_eq!(u.pending, vec!["c", "d", "e"]);
        assert_eq!(u.next_batch(10), vec!["c", "d", "e"]);
        assert!(u.next_batch(3).is_empty());
        assert_eq!(u.sent, 5);
    }
}
