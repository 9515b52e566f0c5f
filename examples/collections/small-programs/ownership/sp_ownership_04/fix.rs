pub struct Job {
    pub name: String,
    pub async: bool,
    pub done: bool,
}

pub fn pending_names(jobs: &[Job]) -> Vec<String> {
    jobs.iter()
        .filter(|job| !job.done)
        .map(|job| job.name.clone())
        .collect()
}

pub fn count_async(jobs: &[Job]) -> usize {
    jobs.iter().filter(|job| job.async && !job.done).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(name: &str, async: bool, done: bool) -> Job {
        Job { name: name.to_string(), async, done }
    }

    #[test]
    fn lists_only_pending_jobs() {
        let jobs = vec![job("backup", true, false), job("index", false, true), job("mail", true, true)];
        assert_eq!(pending_names(&jobs), vec!["backup".to_string()]);
    }

    #[test]
    fn counts_pending_async_jobs() {
        let jobs = vec![job("a", true, false), job("b", true, true), job("c", false, false)];
        assert_eq!(count_async(&jobs), 1);
    }
}
