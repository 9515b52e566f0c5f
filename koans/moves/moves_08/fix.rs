pub struct Sensor {
    pub label: String,
    pub celsius: f32,
}

impl Sensor {
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Adds a sensor to the fleet and returns its short code: the first three letters, uppercased.
pub fn enroll(fleet: &mut Vec<Sensor>, sensor: Sensor) -> String {
    let code = sensor.label().chars().take(3).collect::<String>().to_uppercase();
    fleet.push(sensor);
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolls_and_codes() {
        let mut fleet = Vec::new();
        assert_eq!(enroll(&mut fleet, Sensor { label: "boiler".into(), celsius: 71.5 }), "BOI");
        assert_eq!(enroll(&mut fleet, Sensor { label: "ax".into(), celsius: 3.0 }), "AX");
        assert_eq!(fleet.len(), 2);
        assert_eq!(fleet[0].label(), "boiler");
    }
}
