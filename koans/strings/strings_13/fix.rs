/// Centres a label within `width` columns using spaces (extra space goes on the right).
pub fn centre(label: &str, width: usize) -> String {
    let len = label.chars().count();
    if len >= width {
        return label.to_string();
    }
    let left = (width - len) / 2;
    let right = width - len - left;
    format!("{}{}{}", " ".repeat(left), label, " ".repeat(right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_labels() {
        assert_eq!(centre("ok", 6), "  ok  ");
        assert_eq!(centre("menu", 7), " menu  ");
        assert_eq!(centre("toolong", 3), "toolong");
    }

    #[test]
    fn accented_labels() {
        assert_eq!(centre("café", 8), "  café  ");
        assert_eq!(centre("Zürich", 9), " Zürich  ");
    }
}
