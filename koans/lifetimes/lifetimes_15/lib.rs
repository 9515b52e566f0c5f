/// Iterates over identifier-like words (ASCII alphanumerics and '_'), borrowing the source.
pub struct Words<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    pub fn new(src: &'a str) -> Self {
        Words { src, pos: 0 }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.src.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let start = self.pos;
        while self.pos < bytes.len() && !is_word(bytes[self.pos]) {
            self.pos += 1;
        }
        while self.pos < bytes.len() && is_word(bytes[self.pos]) {
            self.pos += 1;
        }
        (start < self.pos).then(|| &self.src[start..self.pos])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_code() {
        let w: Vec<&str> = Words::new("let x_1 = foo(bar);").collect();
        assert_eq!(w, ["let", "x_1", "foo", "bar"]);
    }

    #[test]
    fn only_separators() {
        assert_eq!(Words::new(" += ;").count(), 0);
        assert_eq!(Words::new("(a)").next(), Some("a"));
    }
}
