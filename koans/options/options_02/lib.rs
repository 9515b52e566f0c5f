pub struct Contact {
    pub name: String,
    pub nickname: Option<String>,
}

impl Contact {
    /// Call-list label: the nickname if one is set, otherwise the full name, in capitals.
    pub fn label(&self) -> String {
        self.nickname.to_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::Contact;

    #[test]
    fn uses_nickname() {
        let c = Contact { name: "Margaret Hamilton".into(), nickname: Some("Maggie".into()) };
        assert_eq!(c.label(), "MAGGIE");
    }

    #[test]
    fn falls_back_to_name() {
        let c = Contact { name: "Alan Kay".into(), nickname: None };
        assert_eq!(c.label(), "ALAN KAY");
    }
}
