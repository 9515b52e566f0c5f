/// The items on 1-based page `page` when showing `per_page` items per page.
pub fn page<T: Clone>(items: &[T], page: usize, per_page: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_pages() {
        let items: Vec<u8> = (1..=7).collect();
        assert_eq!(page(&items, 1, 3), vec![1, 2, 3]);
        assert_eq!(page(&items, 2, 3), vec![4, 5, 6]);
        assert_eq!(page(&items, 3, 3), vec![7]);
    }

    #[test]
    fn past_the_end_is_empty() {
        assert!(page(&["a", "b"], 2, 2).is_empty());
    }
}
