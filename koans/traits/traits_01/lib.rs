/// Renders items as a bulleted list, one item per line.
pub fn bullet_list<T>(items: &[T]) -> String {
    items.iter().map(|item| format!("- {item}\n")).collect()
}

/// Renders a titled list, or just the title when there are no items.
pub fn titled<T: std::fmt::Display>(title: &str, items: &[T]) -> String {
    format!("{title}:\n{}", bullet_list(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_words() {
        assert_eq!(bullet_list(&[3, 14]), "- 3\n- 14\n");
        assert_eq!(bullet_list(&["tea", "jam"]), "- tea\n- jam\n");
    }

    #[test]
    fn titled_empty() {
        let none: [char; 0] = [];
        assert_eq!(titled("Todo", &none), "Todo:\n");
        assert_eq!(titled("Grades", &['A']), "Grades:\n- A\n");
    }
}
