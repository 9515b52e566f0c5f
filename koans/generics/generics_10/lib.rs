use std::fmt::Display;

/// Collects rendered readings from one device, for values of any displayable type.
pub struct Journal {
    pub device: String,
    pub entries: Vec<String>,
}

impl<T: Display> Journal {
    pub fn record(&mut self, tag: &str, value: T) -> usize {
        self.entries.push(format!("{}/{tag}={value}", self.device));
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_mixed_values() {
        let mut j = Journal { device: "hvac-2".to_string(), entries: vec![] };
        assert_eq!(j.record("temp", 21.5), 1);
        assert_eq!(j.record("door", "open"), 2);
        assert_eq!(j.record("fan", 3u8), 3);
        assert_eq!(j.entries.join(" "), "hvac-2/temp=21.5 hvac-2/door=open hvac-2/fan=3");
    }
}
