use std::rc::Rc;

/// A text buffer whose snapshots share storage until the next edit.
pub struct Doc {
    text: Rc<String>,
}

impl Doc {
    pub fn from_text(t: &str) -> Self {
        Doc { text: Rc::new(t.to_string()) }
    }

    pub fn snapshot(&self) -> Rc<String> {
        Rc::clone(&self.text)
    }

    pub fn append(&mut self, more: &str) {
        self.text.push_str(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_are_frozen() {
        let mut d = Doc::from_text("draft");
        let before = d.snapshot();
        d.append(" v2");
        assert_eq!(*before, "draft");
        assert_eq!(*d.snapshot(), "draft v2");
        assert_eq!(Rc::strong_count(&before), 1);
    }
}
