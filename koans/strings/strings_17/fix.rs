/// Returns the message part of a chat line "nick: message".
pub fn message_body(line: &str) -> Option<String> {
    let colon = line.find(':')?;
    Some(line[colon + 1..].trim_start().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_nicks() {
        assert_eq!(message_body("bob: hi there").as_deref(), Some("hi there"));
        assert_eq!(message_body("amy: meet at 5:30").as_deref(), Some("meet at 5:30"));
        assert_eq!(message_body("no colon here"), None);
    }

    #[test]
    fn accented_nicks() {
        assert_eq!(message_body("Jérôme: à bientôt").as_deref(), Some("à bientôt"));
        assert_eq!(message_body("Zoë:salut").as_deref(), Some("salut"));
    }
}
