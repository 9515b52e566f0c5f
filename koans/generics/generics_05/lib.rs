/// Collapses runs of repeated states, e.g. [Up, Up, Down, Up] -> [Up, Down, Up].
pub fn transitions<S>(mut log: Vec<S>) -> Vec<S> {
    log.dedup();
    log
}

/// Number of times the state changed over the whole log.
pub fn flap_count<S: PartialEq + Clone>(log: &[S]) -> usize {
    transitions(log.to_vec()).len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Link {
        Up,
        Down,
    }

    #[test]
    fn collapses_runs() {
        let log = vec![Link::Up, Link::Up, Link::Down, Link::Down, Link::Up];
        assert_eq!(transitions(log), vec![Link::Up, Link::Down, Link::Up]);
    }

    #[test]
    fn counts_flaps() {
        assert_eq!(flap_count(&[1, 1, 2, 1, 1, 3]), 3);
        assert_eq!(flap_count(&["ok", "ok"]), 0);
        assert_eq!(flap_count::<Link>(&[]), 0);
    }
}
