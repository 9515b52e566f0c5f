pub struct Job {
    pub id: u32,
    pub priority: u8,
    pub boosted: bool,
}

/// Boosts the highest-priority job that is not boosted yet; ties go to the earliest job.
/// Returns the id of the job that was boosted.
pub fn boost_next(queue: &mut [Job]) -> Option<u32> {
    let job = queue.iter_mut().filter(|j| !j.boosted).max_by_key(|j| j.priority)?;
    job.boosted = true;
    Some(job.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: u32, priority: u8) -> Job {
        Job { id, priority, boosted: false }
    }

    #[test]
    fn earliest_wins_ties() {
        let mut q = vec![job(1, 2), job(2, 5), job(3, 5), job(4, 2)];
        assert_eq!(boost_next(&mut q), Some(2));
        assert!(q[1].boosted && !q[2].boosted);
        assert_eq!(boost_next(&mut q), Some(3));
        assert_eq!(boost_next(&mut q), Some(1));
        assert_eq!(boost_next(&mut q), Some(4));
        assert_eq!(boost_next(&mut q), None);
    }
}
