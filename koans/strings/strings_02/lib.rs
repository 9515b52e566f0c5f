/// An address-book entry.
#[derive(Debug, PartialEq)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

impl Contact {
    /// Builds a contact, normalising the e-mail address to trimmed lower case.
    pub fn new(name: &str, email: &str) -> Contact {
        Contact { name, email: email.trim().to_lowercase() }
    }

    /// The domain part of the e-mail address, if there is one.
    pub fn domain(&self) -> Option<&str> {
        self.email.split_once('@').map(|(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_name_and_normalises_email() {
        let c = Contact::new("Rosa Diaz", "  Rosa.Diaz@Example.ORG ");
        assert_eq!(c.name, "Rosa Diaz");
        assert_eq!(c.email, "rosa.diaz@example.org");
    }

    #[test]
    fn domain_lookup() {
        assert_eq!(Contact::new("Lu", "lu@mail.net").domain(), Some("mail.net"));
        assert_eq!(Contact::new("Nobody", "local").domain(), None);
    }
}
