pub struct Task {
    pub name: String,
    pub remaining: u32,
}

pub struct Scheduler {
    pub tasks: Vec<Task>,
    pub finished: Vec<String>,
}

impl Scheduler {
    pub fn mark_done(&mut self, name: &str) {
        self.finished.push(name.to_string());
    }

    /// Gives every unfinished task one unit of work, recording tasks that complete.
    pub fn tick(&mut self) {
        for task in self.tasks.iter_mut() {
            if task.remaining > 0 {
                task.remaining -= 1;
                if task.remaining == 0 {
                    self.finished.push(task.name.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str, remaining: u32) -> Task {
        Task { name: name.into(), remaining }
    }

    #[test]
    fn records_completion_order() {
        let mut s = Scheduler { tasks: vec![task("build", 2), task("lint", 1), task("idle", 0)], finished: vec![] };
        s.tick();
        assert_eq!(s.finished, vec!["lint"]);
        (0..2).for_each(|_| s.tick());
        assert_eq!(s.finished, vec!["lint", "build"]);
        assert!(s.tasks.iter().all(|t| t.remaining == 0));
    }
}
