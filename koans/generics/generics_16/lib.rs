/// Fixed-capacity buffer that keeps only the most recent items.
pub struct Ring<T> {
    buf: Vec<Option<T>>,
    head: usize,
    len: usize,
}

impl<T: Clone> Ring<T> {
    pub fn with_capacity(cap: usize) -> Self {
        Ring { buf: vec![None; cap], head: 0, len: 0 }
    }

    pub fn push(&mut self, item: T) {
        let cap = self.buf.len();
        self.buf[self.len % cap] = Some(item);
        if self.len == cap {
            self.head = (self.head + 1) % cap;
        } else {
            self.len += 1;
        }
    }

    pub fn items(&self) -> Vec<T> {
        (0..self.len).filter_map(|i| self.buf[(self.head + i) % self.buf.len()].clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_most_recent() {
        let mut r = Ring::with_capacity(3);
        r.push(1);
        assert_eq!(r.items(), vec![1]);
        for x in 2..=5 {
            r.push(x);
        }
        assert_eq!(r.items(), vec![3, 4, 5]);
        r.push(6);
        assert_eq!(r.items(), vec![4, 5, 6]);
    }
}
