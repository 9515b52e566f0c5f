/// A tiny set of u32 keys spread over a fixed number of buckets.
pub struct BucketSet {
    buckets: Vec<Vec<u32>>,
}

impl BucketSet {
    pub fn with_buckets(n: usize) -> Self {
        BucketSet { buckets: vec![Vec::new(); n] }
    }

    fn bucket(&mut self, key: u32) -> &mut Vec<u32> {
        let n = self.buckets.len();
        &mut self.buckets[key as usize % n]
    }

    /// Adds the key; returns false if it was already present.
    pub fn insert(&mut self, key: u32) -> bool {
        let slot = self.bucket(key);
        if slot.contains(&key) {
            return false;
        }
        slot.push(key);
        true
    }

    pub fn contains(&self, key: u32) -> bool {
        self.buckets[key as usize % self.buckets.len()].contains(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_once() {
        let mut set = BucketSet::with_buckets(4);
        assert!(set.insert(5));
        assert!(set.insert(9));
        assert!(!set.insert(5));
        assert!(set.contains(9) && !set.contains(13));
    }
}
