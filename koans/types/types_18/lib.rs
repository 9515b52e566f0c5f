/// Percentage of finished tasks, rounded down.
pub fn progress_percent(done: u64, total: u64) -> u64 {
    if total == 0 {
        return 100;
    }
    done / total * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        assert_eq!(progress_percent(3, 4), 75);
        assert_eq!(progress_percent(1, 3), 33);
        assert_eq!(progress_percent(7, 7), 100);
        assert_eq!(progress_percent(0, 0), 100);
    }
}
