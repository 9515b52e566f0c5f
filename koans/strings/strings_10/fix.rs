/// A record format whose field separator is chosen at runtime.
pub struct RecordFormat {
    pub separator: String,
}

impl RecordFormat {
    /// Splits a line into trimmed fields.
    pub fn fields<'a>(&self, line: &'a str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for part in line.split(self.separator.as_str()) {
            out.push(part.trim());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_multi_char_separator() {
        let fmt = RecordFormat { separator: String::from("||") };
        assert_eq!(fmt.fields("ada || 36 ||london"), vec!["ada", "36", "london"]);
    }

    #[test]
    fn separator_is_reusable() {
        let fmt = RecordFormat { separator: String::from(";") };
        assert_eq!(fmt.fields("a;b"), vec!["a", "b"]);
        assert_eq!(fmt.fields("solo"), vec!["solo"]);
        assert_eq!(fmt.separator, ";");
    }
}
