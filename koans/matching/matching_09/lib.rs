#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Door {
    Open,
    Closed,
    Locked,
}

#[derive(Debug, Clone, Copy)]
pub enum Action {
    Push,
    Pull,
    Lock,
    Unlock,
}

/// Applies one action; actions that make no sense leave the door as it was.
pub fn apply(door: Door, action: Action) -> Door {
    match (door, action) {
        (Door::Open, Action::Push) => Door::Closed,
        (Door::Closed, Action::Pull) => Door::Open,
        (Door::Closed, Action::Lock) => Door::Locked,
        (Door::Locked, Action::Unlock) => Door::Closed,
        (Door::Open, _) | (Door::Locked, _) => door,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Door::*;

    #[test]
    fn replays_a_sequence() {
        let mut door = Open;
        let mut trail = Vec::new();
        for act in [Push, Push, Pull, Unlock, Push, Lock, Pull] {
            door = apply(door, act);
            trail.push(door);
        }
        assert_eq!(trail, [Closed, Closed, Open, Open, Closed, Locked, Locked]);
        assert_eq!(apply(Locked, Unlock), Closed);
    }
}
