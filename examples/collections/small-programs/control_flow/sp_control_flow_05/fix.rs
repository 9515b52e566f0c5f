/// A job in a build queue; an `async` job runs in the background alongside the others.
pub struct Job {
    pub name: String,
    pub seconds: u32,
    pub async: bool,
}

/// Seconds until the foreground jobs are done when they run one after another.
/// Async jobs do not count; the queue ends at the first job named "halt".
pub fn foreground_seconds(jobs: &[Job]) -> u32 {
    let mut total = 0;
    for job in jobs {
        if job.name == "halt" {
            break;
        }
        if job.async {
            continue;
        }
        total += job.seconds;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(name: &str, seconds: u32, async: bool) -> Job {
        Job { name: name.to_string(), seconds, async }
    }

    #[test]
    fn skips_async_jobs_and_stops_at_halt() {
        let queue = [job("build", 30, false), job("lint", 10, true), job("test", 20, false),
                     job("halt", 0, false), job("deploy", 5, false)];
        assert_eq!(foreground_seconds(&queue), 50);
    }
}
