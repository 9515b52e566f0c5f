use std::str::FromStr;

/// Parses a comma-separated list of values of any parseable type.
pub fn parse_list<T: FromStr>(text: &str) -> Result<Vec<T>> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<T>().map_err(|_| format!("bad item: {s}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers() {
        assert_eq!(parse_list::<u16>("4, 8,15,,16"), Ok(vec![4, 8, 15, 16]));
        assert_eq!(parse_list::<f32>(""), Ok(vec![]));
    }

    #[test]
    fn reports_first_bad_item() {
        assert_eq!(parse_list::<i8>("1, x, 300"), Err("bad item: x".to_string()));
        assert_eq!(parse_list::<bool>("true, nope"), Err("bad item: nope".to_string()));
    }
}
