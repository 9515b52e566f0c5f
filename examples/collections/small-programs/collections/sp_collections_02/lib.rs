/// The distinct tags of a post, lower-cased and sorted, each once.
pub fn distinct_tags(tags: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tag_once() {
        let tags = ["rust", "Web", "rust", "cli", "web"];
        assert_eq!(distinct_tags(&tags), vec!["cli", "rust", "web"]);
    }
}
