/// A chat transcript, oldest message first.
pub struct Transcript {
    pub messages: Vec<String>,
}

impl Transcript {
    /// The most recent `n` messages (all of them if there are fewer), oldest first.
    pub fn last_n(&self, n: usize) -> &[String] {
        let start = self.messages.len().saturating_sub(n);
        &self.messages[start..]
    }

    /// The newest message, if any.
    pub fn latest(&self) -> Option<&str> {
        self.messages.last().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat() -> Transcript {
        Transcript { messages: vec!["hi".into(), "yo".into(), "bye".into()] }
    }

    #[test]
    fn tail_of_transcript() {
        assert_eq!(chat().last_n(2), ["yo", "bye"]);
        assert_eq!(chat().last_n(0).len(), 0);
        assert_eq!(chat().latest(), Some("bye"));
    }

    #[test]
    fn asking_for_more_than_exists() {
        assert_eq!(chat().last_n(5).len(), 3);
    }
}
