pub struct Blocklist {
    pub words: Vec<String>,
}

pub struct Moderator {
    pub blocklist: Blocklist,
    pub reviewed: usize,
}

/// Drops comments containing a blocked word, then hands the blocklist to a new moderator.
pub fn moderate(blocklist: Blocklist, comments: Vec<String>) -> (Moderator, Vec<String>) {
    let reviewed = comments.len();
    let blocked = |c: &String| blocklist.words.iter().any(|w| c.contains(w.as_str()));
    let clean = comments.into_iter().filter(|c| !blocked(c)).collect();
    let moderator = Moderator { blocklist, reviewed };
    (moderator, clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_hands_over() {
        let list = Blocklist { words: vec!["spam".into(), "scam".into()] };
        let comments = vec!["nice".to_string(), "buy spam".to_string(), "ok".to_string(), "a scam!".to_string()];
        let (m, clean) = moderate(list, comments);
        assert_eq!(clean, vec!["nice", "ok"]);
        assert_eq!((m.reviewed, m.blocklist.words.len()), (4, 2));
    }
}
