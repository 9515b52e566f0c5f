use std::collections::HashMap;

/// How many times each fruit was sold, from a list of single sales.
pub fn tally(sales: &[&str]) -> HashMap<String, u32> {
    let mut counts = HashMap::new();
    for fruit in sales {
        *counts.entry(fruit.to_string()).or_insert(0) += 1;
    }
    counts
}

/// The best-selling fruit; a tie goes to the alphabetically first name.
pub fn best_seller(sales: &[&str]) -> Option<String> {
    tally(sales)
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_repeated_sales() {
        let sales = ["pear", "apple", "pear"];
        assert_eq!(tally(&sales)["pear"], 2);
        assert_eq!(best_seller(&sales), Some("pear".to_string()));
        assert_eq!(best_seller(&[]), None);
    }
}
