use std::collections::HashMap;

/// Files borrowed tags under their first letter.
pub fn group_tags<'a>(groups: &mut HashMap<char, Vec<&'a str>>, tags: &[&'a str]) {
    for tag in tags {
        if let Some(c) = tag.chars().next() {
            groups.entry(c).or_default().push(tag);
        }
    }
}

/// Lowercases comma-separated tag lines and returns the size of each letter group, sorted by letter.
pub fn group_sizes(csv_lines: &[&str]) -> Vec<(char, usize)> {
    let lowered: Vec<String> = csv_lines.iter().map(|l| l.to_lowercase()).collect();
    let mut groups = HashMap::new();
    for line in &lowered {
        let tags: Vec<&str> = line.split(',').map(str::trim).collect();
        group_tags(&mut groups, &tags);
    }
    let mut sizes: Vec<(char, usize)> = groups.iter().map(|(c, v)| (*c, v.len())).collect();
    sizes.sort_unstable();
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_across_lines() {
        let lines = ["Rust, ruby, Go", "rails,  gleam"];
        assert_eq!(group_sizes(&lines), vec![('g', 2), ('r', 3)]);
    }

    #[test]
    fn direct_grouping_keeps_order() {
        let mut groups = HashMap::new();
        group_tags(&mut groups, &["ant", "bee", "asp"]);
        assert_eq!(groups[&'a'], vec!["ant", "asp"]);
    }
}
