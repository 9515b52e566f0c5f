/// Removes escape backslashes: `\x` becomes `x`; a trailing lone backslash is kept.
pub fn unescape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for i in 0..chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            i += 1;
        }
        out.push(chars[i]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_escape_marks() {
        assert_eq!(unescape(r"a\,b\\c"), r"a,b\c");
        assert_eq!(unescape(r"plain"), "plain");
        assert_eq!(unescape(r"end\"), r"end\");
    }
}
