/// Turns a title into a URL slug: lowercase words of letters and digits joined by '-'.
pub fn slugify(title: &str) -> String {
    let lower = title.to_lowercase();
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words.collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_spaces_become_dashes() {
        assert_eq!(slugify("Hello, World!  Rust 2024"), "hello-world-rust-2024");
    }

    #[test]
    fn empty_title_gives_empty_slug() {
        assert_eq!(slugify(" -- "), "");
    }
}
