pub struct Badge {
    pub holder: String,
    pub level: u8,
}

pub struct Registry {
    pub badges: Vec<Badge>,
    pub log: Vec<String>,
}

fn describe(b: &Badge) -> String {
    format!("{} (L{})", b.holder, b.level)
}

impl Registry {
    /// Issues a badge and records a log line describing it.
    pub fn issue(&mut self, badge: Badge) {
        self.badges.push(badge);
        self.log.push(describe(&badge));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_logs_each_badge() {
        let mut r = Registry { badges: vec![], log: vec![] };
        r.issue(Badge { holder: "Ada".into(), level: 3 });
        r.issue(Badge { holder: "Lin".into(), level: 1 });
        assert_eq!(r.log, vec!["Ada (L3)", "Lin (L1)"]);
        assert_eq!(r.badges.len(), 2);
        assert_eq!(r.badges[1].holder, "Lin");
    }
}
