use std::cmp::Ordering;

/// The index of `target` in an ascending list of page numbers.
pub fn find_page(pages: &[u32], target: u32) -> Option<usize> {
    let (mut lo, mut hi) = (0, pages.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match pages[mid].cmp(&target) {
            Ordering::Equal => return Some(mid),
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_first_middle_and_last() {
        let pages = [2, 4, 6, 8];
        assert_eq!(find_page(&pages, 2), Some(0));
        assert_eq!(find_page(&pages, 6), Some(2));
        assert_eq!(find_page(&pages, 8), Some(3));
        assert_eq!(find_page(&pages, 5), None);
    }
}
