#[derive(Debug, PartialEq)]
pub enum TempError {
    BelowAbsoluteZero(f64),
    NotFinite,
}

/// Converts degrees Celsius to kelvin, rejecting physically impossible inputs.
pub fn to_kelvin(celsius: f64) -> Result<f64, TempError> {
    if !celsius.is_finite() {
        return Err(TempError::NotFinite);
    }
    let kelvin = celsius + 273.15;
    if kelvin < 0.0 {
        return Err(TempError::BelowAbsoluteZero(celsius));
    }
    Ok(kelvin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freezing_point() {
        let k = to_kelvin(0.0).unwrap();
        assert!((k - 273.15).abs() < 1e-9);
    }

    #[test]
    fn rejects_impossible() {
        assert_eq!(to_kelvin(-300.0), Err(TempError::BelowAbsoluteZero(-300.0)));
        assert_eq!(to_kelvin(f64::NAN), Err(TempError::NotFinite));
    }
}
