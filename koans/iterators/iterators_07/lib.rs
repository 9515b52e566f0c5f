/// Trimmed lines of a text block, with blank lines dropped.
pub fn content_lines(block: &str) -> Vec<&str> {
    block
        .lines()
        .map(str::trim)
        .filter(|line| line.len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_blank_lines() {
        let text = "  first \n\n   \nsecond\n  third";
        assert_eq!(content_lines(text), vec!["first", "second", "third"]);
    }

    #[test]
    fn only_blanks() {
        assert_eq!(content_lines("\n \n\t\n"), Vec::<&str>::new());
    }
}
