/// Whether every shelf of the shop still has at least one item.
pub fn all_in_stock(counts: &[u32]) -> bool {
    for &count in counts {
        if count == 0 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_empty_shelf_is_enough() {
        assert!(!all_in_stock(&[3, 0, 5]));
        assert!(all_in_stock(&[1, 2]));
    }
}
