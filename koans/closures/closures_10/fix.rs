/// Forwards events to a stored callback.
pub struct Hook<F: FnMut(&str)> {
    pub callback: F,
}

impl<F: FnMut(&str)> Hook<F> {
    pub fn fire(&mut self, event: &str) {
        (self.callback)(event);
    }

    pub fn replay(&mut self, events: &[&str]) {
        for e in events {
            self.fire(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_in_order() {
        let mut seen = Vec::new();
        let mut hook = Hook { callback: |e: &str| seen.push(e.to_uppercase()) };
        hook.fire("open");
        hook.replay(&["read", "close"]);
        assert_eq!(seen, ["OPEN", "READ", "CLOSE"]);
    }
}
