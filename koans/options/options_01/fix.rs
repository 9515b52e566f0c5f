use std::collections::HashMap;

/// Ingredients of a recipe that the pantry cannot fully supply, in recipe order.
pub fn shortages<'a>(pantry: &HashMap<&str, u32>, recipe: &[(&'a str, u32)]) -> Vec<&'a str> {
    recipe
        .iter()
        .filter(|(item, need)| pantry.get(item).copied().unwrap_or(0) < *need)
        .map(|(item, _)| *item)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortages() {
        let pantry = HashMap::from([("flour", 500), ("egg", 2), ("milk", 0)]);
        let recipe = [("flour", 300), ("egg", 3), ("sugar", 50), ("milk", 0)];
        assert_eq!(shortages(&pantry, &recipe), vec!["egg", "sugar"]);
    }

    #[test]
    fn nothing_needed() {
        assert!(shortages(&HashMap::new(), &[]).is_empty());
    }
}
