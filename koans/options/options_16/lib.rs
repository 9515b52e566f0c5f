#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: u32,
    pub kind: &'static str,
}

/// The most recent event of the given kind; the log is in chronological order.
pub fn latest<'a>(log: &'a [Event], kind: &str) -> Option<&'a Event> {
    log.iter().find(|e| e.kind == kind)
}

/// Seconds since the last event of `kind`, or None if it never happened.
pub fn since_last(log: &[Event], kind: &str, now: u32) -> Option<u32> {
    latest(log, kind).map(|e| now.saturating_sub(e.at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_most_recent() {
        let log = [
            Event { at: 10, kind: "login" },
            Event { at: 20, kind: "save" },
            Event { at: 35, kind: "login" },
        ];
        assert_eq!(latest(&log, "login").map(|e| e.at), Some(35));
        assert_eq!(since_last(&log, "login", 50), Some(15));
        assert_eq!(since_last(&log, "save", 50), Some(30));
        assert_eq!(since_last(&log, "logout", 50), None);
    }
}
