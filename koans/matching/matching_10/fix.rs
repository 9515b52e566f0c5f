/// HVAC mode for an indoor temperature.
#[derive(Debug, PartialEq)]
pub enum Mode {
    Heat,
    Idle,
    Cool,
}

/// Chooses a mode for a temperature in whole degrees Celsius.
pub fn mode_for(temp_c: i32) -> Mode {
    match temp_c {
        i32::MIN..=17 => Mode::Heat,
        18..=25 => Mode::Idle,
        26..=i32::MAX => Mode::Cool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(mode_for(-5), Mode::Heat);
        assert_eq!(mode_for(17), Mode::Heat);
        assert_eq!(mode_for(18), Mode::Idle);
        assert_eq!(mode_for(25), Mode::Idle);
        assert_eq!(mode_for(26), Mode::Cool);
        assert_eq!(mode_for(40), Mode::Cool);
    }
}
