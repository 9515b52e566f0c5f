/// Resolves each optional nickname, falling back to the shared default.
pub fn nicknames(raw: Vec<Option<String>>, default: String) -> Vec<String> {
    raw.into_iter()
        .map(|n| n.unwrap_or_else(|| default.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_gaps() {
        let raw = vec![None, Some(String::from("Zed")), None];
        let out = nicknames(raw, String::from("anon"));
        assert_eq!(out, vec!["anon", "Zed", "anon"]);
        assert!(nicknames(Vec::new(), String::from("x")).is_empty());
    }
}
