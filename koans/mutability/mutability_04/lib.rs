use std::collections::HashMap;

/// Appends a value to a known sensor's series; returns false for unknown sensors.
pub fn append_reading(series: &mut HashMap<String, Vec<f32>>, sensor: &str, value: f32) -> bool {
    match series.get(sensor) {
        Some(values) => {
            values.push(value);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_only_to_known_sensors() {
        let mut series = HashMap::new();
        series.insert("attic".to_string(), vec![18.5]);
        assert!(append_reading(&mut series, "attic", 19.0));
        assert!(!append_reading(&mut series, "cellar", 9.0));
        assert_eq!(series["attic"], vec![18.5, 19.0]);
        assert_eq!(series.len(), 1);
    }
}
