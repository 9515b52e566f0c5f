use std::cell::RefCell;

/// A roster of names that can grow through a shared reference.
pub struct Roster {
    names: RefCell<Vec<String>>,
}

impl Roster {
    pub fn with(names: &[&str]) -> Self {
        Roster { names: RefCell::new(names.iter().map(|n| n.to_string()).collect()) }
    }

    pub fn add(&self, name: &str) {
        self.names.borrow_mut().push(name.to_string());
    }

    /// The alphabetically first name, if any.
    pub fn first(&self) -> Option<String> {
        self.names.borrow().iter().min().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_tracks_additions() {
        let r = Roster::with(&["mo", "lu"]);
        assert_eq!(r.first().unwrap(), "lu");
        r.add("ab");
        assert_eq!(r.first().unwrap(), "ab");
        assert!(Roster::with(&[]).first().is_none());
    }
}
