use std::collections::HashMap;
use std::rc::{Rc, Weak};

/// Owns open session tokens and indexes them weakly by user.
#[derive(Default)]
pub struct Sessions {
    live: Vec<Rc<String>>,
    by_user: HashMap<String, Weak<String>>,
}

impl Sessions {
    pub fn open(&mut self, user: &str, token: &str) {
        let tok = Rc::new(token.to_string());
        self.by_user.insert(user.to_string(), Rc::downgrade(&tok));
        self.live.push(Rc::new(token.to_string()));
    }

    pub fn token(&self, user: &str) -> Option<String> {
        self.by_user.get(user)?.upgrade().map(|t| t.as_str().to_owned())
    }

    pub fn close_all(&mut self) {
        self.live.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_until_closed() {
        let mut s = Sessions::default();
        s.open("ann", "t-41");
        assert_eq!(s.token("ann").as_deref(), Some("t-41"));
        assert_eq!(s.token("bob"), None);
        s.close_all();
        assert_eq!(s.token("ann"), None);
    }
}
