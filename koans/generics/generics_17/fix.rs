/// Index where `x` should be inserted to keep `sorted` ordered, before any equal items.
pub fn lower_bound<T: Ord>(sorted: &[T], x: &T) -> usize {
    let (mut lo, mut hi) = (0, sorted.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if sorted[mid] < *x {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_before_equal_items() {
        let v = [1, 3, 3, 3, 5];
        assert_eq!(lower_bound(&v, &3), 1);
        assert_eq!(lower_bound(&v, &5), 4);
        assert_eq!(lower_bound(&v, &4), 4);
    }

    #[test]
    fn edges_and_strings() {
        assert_eq!(lower_bound(&[2, 4], &0), 0);
        assert_eq!(lower_bound(&[2, 4], &9), 2);
        assert_eq!(lower_bound(&["ant", "cat", "cat"], &"cat"), 1);
        assert_eq!(lower_bound::<u8>(&[], &1), 0);
    }
}
