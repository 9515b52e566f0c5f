/// Worker queues of job ids.
pub struct Dispatcher {
    pub queues: Vec<Vec<u32>>,
}

impl Dispatcher {
    /// Appends the job to every queue that has fewer than `cap` jobs; returns how many got it.
    pub fn broadcast(&mut self, job: u32, cap: usize) -> usize {
        let mut sent = 0;
        for queue in self.queues.iter() {
            if queue.len() < cap {
                queue.push(job);
                sent += 1;
            }
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_full_queues() {
        let mut d = Dispatcher { queues: vec![vec![], vec![1, 2], vec![3]] };
        assert_eq!(d.broadcast(9, 2), 2);
        assert_eq!(d.queues, vec![vec![9], vec![1, 2], vec![3, 9]]);
    }
}
