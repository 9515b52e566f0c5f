use std::sync::Arc;
use std::thread;

/// Sums `data` in chunks of `chunk` items, one thread per chunk.
pub fn chunked_sum(data: Vec<u64>, chunk: usize) -> u64 {
    let data = Arc::new(data);
    let mut workers = Vec::new();
    for start in (0..data.len()).step_by(chunk) {
        let data = Arc::clone(&data);
        workers.push(thread::spawn(move || {
            let end = (start + chunk).min(data.len());
            data[start..end].iter().sum::<u64>()
        }));
    }
    workers.into_iter().map(|w| w.join().unwrap()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_all_chunks() {
        assert_eq!(chunked_sum((1..=10).collect(), 3), 55);
        assert_eq!(chunked_sum(vec![5; 7], 7), 35);
        assert_eq!(chunked_sum(Vec::new(), 4), 0);
    }
}
