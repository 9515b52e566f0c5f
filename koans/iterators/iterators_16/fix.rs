/// Renders items as a numbered list starting at 1, one item per line.
pub fn numbered(items: &[&str]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("{}. {}\n", i + 1, item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_one() {
        assert_eq!(numbered(&["flour", "eggs", "milk"]), "1. flour\n2. eggs\n3. milk\n");
    }

    #[test]
    fn empty_list_is_empty_string() {
        assert_eq!(numbered(&[]), "");
    }
}
