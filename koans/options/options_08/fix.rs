/// Prefixes every line with a tag such as "[warn] ", or leaves the lines alone if no tag is given.
pub fn tag_lines(lines: &[&str], tag: Option<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let prefix = tag.as_deref().map(|t| format!("[{t}] ")).unwrap_or_default();
        out.push(prefix + line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tag_lines;

    #[test]
    fn tagged() {
        let got = tag_lines(&["disk low", "fan slow"], Some("warn".to_string()));
        assert_eq!(got, ["[warn] disk low", "[warn] fan slow"]);
    }

    #[test]
    fn untagged() {
        assert_eq!(tag_lines(&["ok", "fine"], None), ["ok", "fine"]);
        assert!(tag_lines(&[], None).is_empty());
    }
}
