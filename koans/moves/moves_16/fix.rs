pub struct Job {
    pub id: u32,
    pub cost: u32,
}

/// A single-slot mailbox holding at most one pending job.
pub struct Mailbox {
    slot: Option<Job>,
    pub delivered: Vec<u32>,
}

impl Mailbox {
    /// Posts a job, returning any job it displaced.
    pub fn post(&mut self, job: Job) -> Option<Job> {
        self.slot.replace(job)
    }

    /// Reports the cost of the pending job without removing it.
    pub fn peek_cost(&mut self) -> Option<u32> {
        self.slot.as_ref().map(|j| j.cost)
    }

    /// Removes the pending job and records its id as delivered.
    pub fn deliver(&mut self) -> Option<u32> {
        let job = self.slot.take()?;
        self.delivered.push(job.id);
        Some(job.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peek_leaves_job_in_place() {
        let mut m = Mailbox { slot: None, delivered: vec![] };
        assert!(m.post(Job { id: 1, cost: 30 }).is_none());
        assert_eq!(m.peek_cost(), Some(30));
        assert_eq!(m.peek_cost(), Some(30));
        assert_eq!(m.post(Job { id: 2, cost: 5 }).map(|j| j.id), Some(1));
        assert_eq!((m.deliver(), m.deliver()), (Some(2), None));
        assert_eq!(m.delivered, vec![2]);
    }
}
