pub struct Line {
    pub sku: String,
    pub cents: u64,
    pub qty: u64,
}

pub struct Invoice {
    lines: Vec<Line>,
    pub total: u64,
}

impl Invoice {
    pub fn new(lines: Vec<Line>) -> Self {
        Invoice { lines, total: 0 }
    }

    pub fn lines(&self) -> std::slice::Iter<'_, Line> {
        self.lines.iter()
    }

    /// Recomputes and stores the total, skipping lines with a zero quantity.
    pub fn recompute(&mut self) -> u64 {
        self.total = 0;
        for l in &self.lines {
            if l.qty > 0 {
                self.total += l.cents * l.qty;
            }
        }
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_nonzero_lines() {
        let line = |sku: &str, cents, qty| Line { sku: sku.into(), cents, qty };
        let mut inv = Invoice::new(vec![line("pen", 150, 4), line("pad", 999, 0), line("ink", 1200, 1)]);
        assert_eq!(inv.recompute(), 1800);
        assert_eq!(inv.recompute(), 1800);
        assert_eq!(inv.total, 1800);
        assert_eq!(inv.lines().map(|l| l.sku.as_str()).collect::<Vec<_>>(), ["pen", "pad", "ink"]);
    }
}
