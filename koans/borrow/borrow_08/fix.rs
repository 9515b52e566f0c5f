/// A shell-like input line buffer.
pub struct Prompt {
    pub line: String,
}

impl Prompt {
    /// Replaces the buffer with just its first word, returning that word's length.
    pub fn keep_command(&mut self) -> usize {
        let cmd = self.line.split_whitespace().next().unwrap_or("").to_string();
        self.line.clear();
        self.line.push_str(&cmd);
        cmd.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_to_first_word() {
        let mut p = Prompt { line: "  git commit -m x".to_string() };
        assert_eq!(p.keep_command(), 3);
        assert_eq!(p.line, "git");
        let mut blank = Prompt { line: "   ".to_string() };
        assert_eq!(blank.keep_command(), 0);
        assert_eq!(blank.line, "");
    }
}
