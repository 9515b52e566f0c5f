/// A turnstile that lets people through until it reaches capacity.
pub struct Turnstile {
    pub count: u32,
    pub capacity: u32,
}

impl Turnstile {
    /// Lets one person through; returns false once the capacity is reached.
    pub fn pass(&mut self) -> bool {
        if self.count >= self.capacity {
            return false;
        }
        let mut next = self.count;
        next += 1;
        next <= self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_capacity() {
        let mut gate = Turnstile { count: 0, capacity: 2 };
        assert!(gate.pass());
        assert!(gate.pass());
        assert!(!gate.pass());
        assert_eq!(gate.count, 2);
    }
}
