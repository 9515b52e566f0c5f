use std::collections::BTreeMap;

/// Buckets names under their upper-cased first letter for an index page.
pub fn by_initial(names: &[String]) -> BTreeMap<char, Vec<&str>> {
    let mut index: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for name in names {
        let first = name[0];
        let key = first.to_uppercase().next().unwrap_or(first);
        index.entry(key).or_default().push(name.as_str());
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn groups_case_insensitively() {
        let names = owned(&["bea", "Ben", "carl", "Ali"]);
        let idx = by_initial(&names);
        assert_eq!(idx.keys().copied().collect::<Vec<_>>(), vec!['A', 'B', 'C']);
        assert_eq!(idx[&'B'], vec!["bea", "Ben"]);
    }

    #[test]
    fn handles_accents_and_blanks() {
        let names = owned(&["øyvind", "", "Émile"]);
        let idx = by_initial(&names);
        assert_eq!(idx[&'Ø'], vec!["øyvind"]);
        assert_eq!(idx[&'É'], vec!["Émile"]);
        assert_eq!(idx.len(), 2);
    }
}
