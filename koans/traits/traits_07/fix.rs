use std::fmt;

/// A temperature in degrees Celsius.
pub struct Celsius(pub f64);

impl fmt::Display for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}°C", self.0)
    }
}

/// A one-line weather summary.
pub fn summary(city: &str, temp: Celsius) -> String {
    let reading = temp.to_string();
    format!("{city}: {reading}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_one_decimal() {
        assert_eq!(summary("Oslo", Celsius(-3.25)), "Oslo: -3.2°C");
        assert_eq!(summary("Lima", Celsius(19.0)), "Lima: 19.0°C");
    }
}
