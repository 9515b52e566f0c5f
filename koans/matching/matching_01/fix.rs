/// Phases of a pedestrian crossing signal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Signal {
    Walk,
    Flashing,
    DontWalk,
}

impl Signal {
    /// Moves to the phase that follows this one.
    pub fn advance(self) -> Signal {
        match self {
            Signal::Walk => Signal::Flashing,
            Signal::Flashing => Signal::DontWalk,
            Signal::DontWalk => Signal::Walk,
        }
    }

    /// How many seconds this phase is shown.
    pub fn seconds(self) -> u32 {
        match self {
            Signal::Walk => 20,
            Signal::Flashing => 8,
            Signal::DontWalk => 45,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cycle_lasts_73_seconds() {
        let mut s = Signal::Walk;
        let mut total = 0;
        for _ in 0..3 {
            total += s.seconds();
            s = s.advance();
        }
        assert_eq!(total, 73);
        assert_eq!(s, Signal::Walk);
    }
}
