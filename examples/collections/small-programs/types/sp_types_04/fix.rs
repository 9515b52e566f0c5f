fn to_fahrenheit(celsius: f64) -> f64 {
    celsius * 9.0 / 5.0 + 32.0
}

fn format_reading(label: &str, celsius: f64, decimals: usize) -> String {
    format!("{label}: {:.decimals$} F", to_fahrenheit(celsius))
}

fn main() {
    let readings = [("kitchen", 21.5), ("attic", 30.25), ("cellar", 12.0)];
    for (label, celsius) in readings {
        println!("{}", format_reading(label, celsius, 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_rounds() {
        assert_eq!(format_reading("oven", 100.0, 0), "oven: 212 F");
        assert_eq!(format_reading("attic", 30.25, 2), "attic: 86.45 F");
    }
}
