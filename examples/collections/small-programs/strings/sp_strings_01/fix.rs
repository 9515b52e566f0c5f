/// Shortens a title to at most `max` characters, ending with "..." when it is cut.
pub fn shorten(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        return title.to_string();
    }
    let kept: String = title.chars().take(max.saturating_sub(3)).collect();
    format!("{kept}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut() {
        assert_eq!(shorten("Hello, world", 8), "Hello...");
    }

    #[test]
    fn accented_title_that_fits_is_kept() {
        assert_eq!(shorten("Café au lait", 12), "Café au lait");
    }
}
