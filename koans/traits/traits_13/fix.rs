/// Keeps every submitted score.
pub struct Leaderboard<T> {
    scores: Vec<T>,
}

impl<T> Leaderboard<T> {
    pub fn new(scores: Vec<T>) -> Self {
        Leaderboard { scores }
    }
}

impl<T: Ord + Clone> Leaderboard<T> {
    /// The `n` best scores, best first.
    pub fn top(&self, n: usize) -> Vec<T> {
        let mut sorted = self.scores.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        sorted.truncate(n);
        sorted
    }
}

/// A game score: more points is better, then a higher bonus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score {
    pub points: u32,
    pub bonus: u8,
}

/// The best two scores of a round.
pub fn podium(round: Vec<Score>) -> Vec<Score> {
    Leaderboard::new(round).top(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_two() {
        let s = |points, bonus| Score { points, bonus };
        assert_eq!(podium(vec![s(10, 0), s(30, 1), s(30, 4), s(5, 9)]), vec![s(30, 4), s(30, 1)]);
        assert_eq!(Leaderboard::new(vec![3, 9, 1]).top(5), vec![9, 3, 1]);
    }
}
