/// Collapses consecutive repeated readings, keeping the first of each run.
pub fn collapse_runs<T: Clone>(readings: &[T]) -> Vec<T> {
    let mut kept = readings.to_vec();
    kept.dedup();
    kept
}

/// How many readings were dropped as consecutive repeats.
pub fn repeats<T: Clone + PartialEq>(readings: &[T]) -> usize {
    readings.len() - collapse_runs(readings).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_runs_only() {
        assert_eq!(collapse_runs(&[1, 1, 2, 2, 2, 1]), vec![1, 2, 1]);
        assert_eq!(collapse_runs(&["on", "on", "off"]), vec!["on", "off"]);
    }

    #[test]
    fn counts_repeats() {
        assert_eq!(repeats(&['a', 'a', 'a', 'b']), 2);
        assert_eq!(repeats::<u8>(&[]), 0);
    }
}
