#[derive(Debug, Clone, PartialEq)]
pub enum Door {
    Open,
    Closed,
    Locked(u32),
}

pub struct Controller {
    pub state: Door,
    pub history: Vec<Door>,
}

impl Controller {
    /// Switches to `next`, remembering the state that was left.
    pub fn go(&mut self, next: Door) {
        let previous = &self.state;
        self.state = next;
        self.history.push(previous.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_left_states() {
        let mut c = Controller { state: Door::Closed, history: vec![] };
        c.go(Door::Open);
        c.go(Door::Closed);
        c.go(Door::Locked(42));
        assert_eq!(c.state, Door::Locked(42));
        assert_eq!(c.history, vec![Door::Closed, Door::Open, Door::Closed]);
    }
}
