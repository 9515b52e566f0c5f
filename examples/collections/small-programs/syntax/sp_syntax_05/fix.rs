/// Run-length encoding: "aaab" becomes [('a', 3), ('b', 1)].
pub fn runs(text: &str) -> Vec<(char, usize)> {
    let mut groups: Vec<(char, usize)> = Vec::new();
    for c in text.chars() {
        match groups.last_mut() {
            Some((last, count)) if *last == c => *count += 1,
            _ => groups.push((c, 1)),
        }
    }
    groups
}

pub fn encode(text: &str) -> String {
    runs(text).iter().map(|(c, n)| format!("{n}{c}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_repeated_characters() {
        assert_eq!(runs("aaabcc"), vec![('a', 3), ('b', 1), ('c', 2)]);
        assert_eq!(encode("zzzzy"), "4z1y");
        assert_eq!(encode(""), "");
    }
}
