/// Generates invoice numbers like `INV-0007`, counting upwards.
pub struct InvoiceNumbers {
    counter: u32,
}

impl InvoiceNumbers {
    pub fn starting_at(counter: u32) -> Self {
        InvoiceNumbers { counter }
    }
}

impl Iterator for InvoiceNumbers {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let label = format!("INV-{:04}", self.counter);
        self.counter = self.counter.checked_add(1)?;
        Some(label)
    }
}

/// A batch of `count` consecutive invoice numbers.
pub fn batch(start: u32, count: usize) -> Vec<String> {
    InvoiceNumbers::starting_at(start).take(count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_counts() {
        assert_eq!(batch(98, 3), ["INV-0098", "INV-0099", "INV-0100"]);
        assert_eq!(batch(12345, 1), ["INV-12345"]);
        assert!(batch(1, 0).is_empty());
    }
}
