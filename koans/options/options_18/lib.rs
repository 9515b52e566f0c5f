use std::str::SplitWhitespace;

pub struct Words<'a> {
    rest: SplitWhitespace<'a>,
    peeked: Option<&'a str>,
}

impl<'a> Words<'a> {
    pub fn new(src: &'a str) -> Self {
        Words { rest: src.split_whitespace(), peeked: None }
    }

    /// Looks at the next word without consuming it.
    pub fn peek(&mut self) -> Option<&'a str> {
        if self.peeked.is_none() {
            self.peeked = self.rest.next();
        }
        self.peeked
    }

    /// Consumes and returns the next word.
    pub fn advance(&mut self) -> Option<&'a str> {
        self.peeked.or_else(|| self.rest.next())
    }
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn peek_then_advance() {
        let mut w = Words::new("let x = 1");
        assert_eq!(w.peek(), Some("let"));
        assert_eq!(w.advance(), Some("let"));
        assert_eq!(w.advance(), Some("x"));
        assert_eq!(w.peek(), Some("="));
        assert_eq!(w.peek(), Some("="));
        assert_eq!([w.advance(), w.advance(), w.advance()], [Some("="), Some("1"), None]);
    }
}
