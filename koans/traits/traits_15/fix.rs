use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A queued job; `seq` is its arrival number.
#[derive(Debug, PartialEq, Eq)]
pub struct Job {
    pub urgency: u8,
    pub seq: u32,
}

impl Ord for Job {
    fn cmp(&self, other: &Self) -> Ordering {
        self.urgency.cmp(&other.urgency).then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Job {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Arrival numbers in run order: most urgent first, first-come first-served within an urgency.
pub fn run_order(jobs: Vec<Job>) -> Vec<u32> {
    let mut heap: BinaryHeap<Job> = jobs.into_iter().collect();
    std::iter::from_fn(|| heap.pop().map(|j| j.seq)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgent_then_fifo() {
        let j = |urgency, seq| Job { urgency, seq };
        let order = run_order(vec![j(1, 0), j(5, 1), j(1, 2), j(5, 3), j(3, 4)]);
        assert_eq!(order, vec![1, 3, 4, 0, 2]);
    }
}
