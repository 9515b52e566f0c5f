pub struct Profile {
    pub nickname: Option<String>,
    pub email: String,
}

impl Profile {
    /// The trimmed nickname if set, else the email's user part, else `fallback`.
    pub fn display_name<'a>(&'a self, fallback: &'a str) -> &'a str {
        match self.nickname.as_deref().map(str::trim) {
            Some(nick) if !nick.is_empty() => nick,
            _ => match self.email.split('@').next() {
                Some(user) if !user.is_empty() => user,
                _ => fallback,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(nickname: Option<&str>, email: &str) -> Profile {
        Profile { nickname: nickname.map(String::from), email: email.to_string() }
    }

    #[test]
    fn prefers_nickname_then_email_then_fallback() {
        assert_eq!(profile(Some(" zed "), "z@x.org").display_name("guest"), "zed");
        assert_eq!(profile(Some("  "), "lena@x.org").display_name("guest"), "lena");
        assert_eq!(profile(None, "@x.org").display_name("guest"), "guest");
    }
}
