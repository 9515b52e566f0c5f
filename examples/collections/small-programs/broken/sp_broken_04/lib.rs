/// The initials of a full name, upper-cased: "ada lovelace" -> "AL".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Grace Brewster Hopper"), "GBH");
        assert_eq!(initials(""), "");
    }
}
