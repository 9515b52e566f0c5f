/// Track titles in first-seen order with repeats removed.
pub fn unique_titles(raw: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for title in raw {
        if !seen.contains(title) {
            seen.push(title);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_repeats_keeps_order() {
        let raw: Vec<String> = ["Intro", "Rain", "Intro", "Dusk", "Rain"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(unique_titles(&raw), ["Intro", "Rain", "Dusk"]);
        assert!(unique_titles(&[]).is_empty());
    }
}
