/// Returns the item with the largest key, keeping the earliest one on ties.
pub fn max_by_key<T, K: PartialOrd>(items: &[T], key: impl Fn(&T) -> K) -> Option<&T> {
    let mut best: Option<(&T, K)> = None;
    for item in items {
        let k = key(item);
        match &best {
            Some((_, top)) if k <= *top => {}
            _ => best = Some((item, k)),
        }
    }
    best.map(|(item, _)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_word() {
        let words = ["fig", "banana", "kiwi", "cherry"];
        assert_eq!(max_by_key(&words, |w| w.len()), Some(&"banana"));
    }

    #[test]
    fn heaviest_parcel_and_empty() {
        let parcels = [("a", 2.5), ("b", 7.25), ("c", 0.5)];
        assert_eq!(max_by_key(&parcels, |p| p.1).map(|p| p.0), Some("b"));
        assert_eq!(max_by_key(&[] as &[u8], |x| *x), None);
    }
}
