/// An INI-like document whose lines borrow from the source text.
pub struct Doc<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Doc<'a> {
    pub fn parse(text: &'a str) -> Self {
        Doc { lines: text.lines().collect() }
    }

    /// Lines under the `[name]` header, up to (not including) the next header.
    pub fn section(&self, name: &str) -> &[&'a str] {
        let header = format!("[{name}]");
        let Some(start) = self.lines.iter().position(|l| *l == header) else {
            return &[];
        };
        let body = &self.lines[start..];
        let end = body.iter().position(|l| l.starts_with('[')).unwrap_or(body.len());
        &body[..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[db]\nhost=a\nport=5\n[log]\nlevel=3\n[empty]";

    #[test]
    fn middle_and_last_sections() {
        let doc = Doc::parse(TEXT);
        assert_eq!(doc.section("db"), ["host=a", "port=5"]);
        assert_eq!(doc.section("log"), ["level=3"]);
    }

    #[test]
    fn empty_or_missing() {
        let doc = Doc::parse(TEXT);
        assert!(doc.section("empty").is_empty());
        assert!(doc.section("nope").is_empty());
    }
}
