use std::str::FromStr;

/// Parses whitespace-separated tokens of any type, skipping the ones that do not parse.
pub fn parse_tokens<T: FromStr>(line: &str) -> Vec<T> {
    line.split_whitespace().filter_map(|t| t.parse().ok()).collect()
}

/// How many tokens in the line are valid signed integers.
pub fn count_integers(line: &str) -> usize {
    let found = parse_tokens(line);
    found.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_integers() {
        assert_eq!(count_integers("3 apples -7 2.5 pears 40"), 3);
        assert_eq!(count_integers(""), 0);
    }

    #[test]
    fn parses_other_types() {
        assert_eq!(parse_tokens::<f64>("2.5 x 1"), vec![2.5, 1.0]);
        assert_eq!(parse_tokens::<char>("a bc d"), vec!['a', 'd']);
    }
}
