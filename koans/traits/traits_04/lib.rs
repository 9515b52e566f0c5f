/// A to-do entry; tasks order by priority first, then by title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub priority: u8,
    pub title: String,
}

/// Returns the tasks in ascending (priority, title) order.
pub fn ordered(mut tasks: Vec<Task>) -> Vec<Task> {
    tasks.sort();
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(priority: u8, title: &str) -> Task {
        Task { priority, title: title.to_string() }
    }

    #[test]
    fn sorts_by_priority_then_title() {
        let got = ordered(vec![t(2, "mop"), t(1, "pay rent"), t(2, "dust"), t(1, "call")]);
        let titles: Vec<&str> = got.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, ["call", "pay rent", "dust", "mop"]);
    }
}
