/// A contact card.
pub struct Contact {
    pub first: String,
    pub last: String,
}

impl Contact {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// Initials such as `"A.L."` for every contact.
pub fn initials(contacts: &[Contact]) -> Vec<String> {
    let mut out = Vec::new();
    for c in contacts {
        let name = c.full_name().as_str();
        let letters = name.split(' ').filter_map(|p| p.chars().next());
        out.push(letters.map(|ch| format!("{ch}.")).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_initials() {
        let people = vec![
            Contact { first: "Ada".into(), last: "Lovelace".into() },
            Contact { first: "Edsger".into(), last: "Dijkstra".into() },
        ];
        assert_eq!(initials(&people), vec!["A.L.", "E.D."]);
        assert!(initials(&[]).is_empty());
    }
}
