use std::cell::Cell;
use std::rc::Rc;

/// Counts how many buffers went back to the pool.
#[derive(Clone, Default)]
pub struct Pool {
    released: Rc<Cell<usize>>,
}

impl Pool {
    pub fn lease(&self, capacity: usize) -> Buffer {
        Buffer {
            data: Vec::with_capacity(capacity),
            released: Rc::clone(&self.released),
        }
    }

    pub fn released(&self) -> usize {
        self.released.get()
    }
}

pub struct Buffer {
    data: Vec<u8>,
    released: Rc<Cell<usize>>,
}

impl Buffer {
    pub fn write(&mut self, bytes: &[u8]) {
        self.data.extend_from_slice(bytes);
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Keeps the bytes and hands the buffer back to the pool.
    pub fn into_bytes(self) -> Vec<u8> {
        self.data
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        self.released.set(self.released.get() + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_survive_and_release_is_counted() {
        let pool = Pool::default();
        let mut buf = pool.lease(8);
        buf.write(b"abc");
        buf.write(b"de");
        assert_eq!(buf.len(), 5);
        assert!(!buf.is_empty());
        assert_eq!(buf.into_bytes(), b"abcde".to_vec());
        assert_eq!(pool.released(), 1);
    }
}
