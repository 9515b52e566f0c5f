/// Adds a SKU to the restock queue unless it is already queued; returns whether it was added.
pub fn queue_restock(queue: &Vec<String>, sku: &str) -> bool {
    if queue.iter().any(|s| s == sku) {
        return false;
    }
    queue.push(sku.to_string());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queues_each_sku_once() {
        let mut queue = vec!["A-100".to_string()];
        assert!(queue_restock(&mut queue, "B-200"));
        assert!(!queue_restock(&mut queue, "A-100"));
        assert!(!queue_restock(&mut queue, "B-200"));
        assert_eq!(queue, vec!["A-100", "B-200"]);
    }
}
