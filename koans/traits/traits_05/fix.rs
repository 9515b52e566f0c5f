use std::collections::HashSet;

/// Number of distinct values in each window of `width` consecutive items (width > 0).
pub fn distinct_per_window<T: Eq + std::hash::Hash>(items: &[T], width: usize) -> Vec<usize> {
    items
        .windows(width)
        .map(|w| w.iter().collect::<HashSet<_>>().len())
        .collect()
}

/// Index of the first window with the most distinct values.
pub fn most_varied<T: Eq + std::hash::Hash>(items: &[T], width: usize) -> Option<usize> {
    let counts = distinct_per_window(items, width);
    let best = *counts.iter().max()?;
    counts.iter().position(|&c| c == best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_of_three() {
        assert_eq!(distinct_per_window(&[1, 1, 2, 3, 3], 3), vec![2, 3, 2]);
        assert_eq!(distinct_per_window(&["a", "b"], 3), Vec::<usize>::new());
    }

    #[test]
    fn finds_most_varied() {
        assert_eq!(most_varied(&['x', 'x', 'y', 'z', 'z'], 2), Some(1));
        assert_eq!(most_varied::<u8>(&[], 2), None);
    }
}
