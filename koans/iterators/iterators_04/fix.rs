/// Splits a semicolon-separated guest list into trimmed, non-empty names.
pub fn guest_names(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(|part| part.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_trims() {
        assert_eq!(guest_names(" Ada ; Grace;;  Linus "), vec!["Ada", "Grace", "Linus"]);
    }

    #[test]
    fn blank_list() {
        assert!(guest_names(" ; ;").is_empty());
    }
}
