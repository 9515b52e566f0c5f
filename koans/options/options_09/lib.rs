/// Describes the meter reading at position `i`: "n/a" past the end, "off" for zero, else watts.
pub fn describe(readings: &[u32], i: usize) -> String {
    match readings[i] {
        None => "n/a".to_string(),
        Some(0) => "off".to_string(),
        Some(w) if *w >= 1000 => format!("{:.1} kW", f64::from(*w) / 1000.0),
        Some(w) => format!("{w} W"),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn descriptions() {
        let meter = [0, 640, 2500];
        let all: Vec<String> = (0..4).map(|i| describe(&meter, i)).collect();
        assert_eq!(all, ["off", "640 W", "2.5 kW", "n/a"]);
    }
}
