/// Renders numbered entries and returns the widest rendered line (earliest wins ties).
pub fn widest_entry(entries: &[(u32, &str)]) -> String {
    let mut widest: &str = "";
    for (n, text) in entries {
        let line = format!("{n}. {text}");
        if line.len() > widest.len() {
            widest = &line;
        }
    }
    widest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_widest() {
        let entries = [(1, "milk"), (2, "bread"), (10, "eggs"), (11, "jam")];
        assert_eq!(widest_entry(&entries), "2. bread");
    }

    #[test]
    fn empty_list_gives_empty_line() {
        assert_eq!(widest_entry(&[]), "");
        assert_eq!(widest_entry(&[(7, "tea")]), "7. tea");
    }
}
