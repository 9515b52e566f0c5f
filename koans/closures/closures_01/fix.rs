use std::thread;

/// Checksums the payload on a worker thread; returns (length, checksum).
pub fn checksum_async(payload: Vec<u8>) -> (usize, u32) {
    let len = payload.len();
    let worker = thread::spawn(move || {
        payload.iter().fold(7u32, |acc, &b| acc.rotate_left(5) ^ u32::from(b))
    });
    (len, worker.join().unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_checksum() {
        assert_eq!(checksum_async(vec![1, 2]), (2, 7202));
        assert_eq!(checksum_async(Vec::new()), (0, 7));
    }
}
