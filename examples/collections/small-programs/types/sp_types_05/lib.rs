#[derive(Debug, Clone, Copy)]
pub enum Light {
    Red,
    Yellow,
    Green,
}

impl Light {
    pub fn next(self) -> Light {
        match self {
            Light::Red => Light::Green,
            Light::Green => Light::Yellow,
            Light::Yellow => Light::Red,
        }
    }
}

/// Should a driver `distance` metres from the stop line brake? No signal means no.
pub fn should_brake(light: Option<Light>, distance: u32) -> bool {
    if let Some(light) = light && light != Light::Green {
        return matches!(light, Light::Red) || distance > 30;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_returns_to_red() {
        assert!(matches!(Light::Red.next().next().next(), Light::Red));
    }

    #[test]
    fn braking_rules() {
        assert!(should_brake(Some(Light::Red), 5));
        assert!(should_brake(Some(Light::Yellow), 50));
        assert!(!should_brake(Some(Light::Yellow), 10));
        assert!(!should_brake(Some(Light::Green), 50));
        assert!(!should_brake(None, 50));
    }
}
