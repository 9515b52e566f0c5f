use std::collections::HashSet;

/// Returns a filter that accepts each id only the first time it sees it.
pub fn first_time() -> Box<dyn FnMut(u32) -> bool> {
    let mut seen = HashSet::new();
    Box::new(move |id| seen.insert(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_each_id_once() {
        let mut fresh = first_time();
        assert!(fresh(4));
        assert!(!fresh(4));
        let rest: Vec<u32> = [7, 4, 7, 9].into_iter().filter(|&id| fresh(id)).collect();
        assert_eq!(rest, vec![7, 9]);
        assert!(first_time()(4));
    }
}
