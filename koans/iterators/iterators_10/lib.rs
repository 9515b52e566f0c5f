pub struct Thermometer {
    samples: Vec<f64>,
}

impl Thermometer {
    pub fn new(samples: Vec<f64>) -> Self {
        Thermometer { samples }
    }

    /// The samples converted from Celsius to Fahrenheit.
    pub fn fahrenheit(&self) -> Vec<f64> {
        self.samples.map(|c| c * 9.0 / 5.0 + 32.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_keeps_samples() {
        let t = Thermometer::new(vec![0.0, 100.0, -40.0]);
        assert_eq!(t.fahrenheit(), vec![32.0, 212.0, -40.0]);
        assert_eq!(t.fahrenheit().len(), 3);
    }
}
