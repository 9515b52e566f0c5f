use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub theme: String,
    pub volume: u8,
}

/// Returns a private copy of shared settings with the volume raised by `step` (max 100).
pub fn louder(shared: Rc<Settings>, step: u8) -> Settings {
    let mut own = Rc::unwrap_or_clone(shared);
    own.volume = own.volume.saturating_add(step).min(100);
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_is_private() {
        let base = Rc::new(Settings { theme: "dark".into(), volume: 95 });
        let mine = louder(Rc::clone(&base), 10);
        assert_eq!(mine, Settings { theme: "dark".into(), volume: 100 });
        assert_eq!(base.volume, 95);
        assert_eq!(louder(base, 1).volume, 96);
    }
}
