/// A word of the source text and the byte offset it starts at.
#[derive(Debug, PartialEq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// Splits `src` into runs of alphanumeric characters without copying them.
pub fn words(src: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in src.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { text: &src[s..i], offset: s });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word { text: &src[s..], offset: s });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_offsets() {
        let found = words("hi, you2 -ok");
        let expected = vec![
            Word { text: "hi", offset: 0 },
            Word { text: "you2", offset: 4 },
            Word { text: "ok", offset: 10 },
        ];
        assert_eq!(found, expected);
    }
}
