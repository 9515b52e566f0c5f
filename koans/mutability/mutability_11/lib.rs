/// Tracks the smallest and largest values observed.
pub struct Bounds {
    pub span: (i64, i64),
}

impl Bounds {
    pub fn new(first: i64) -> Self {
        Bounds { span: (first, first) }
    }

    pub fn observe(&mut self, x: i64) {
        let (lo, hi) = self.span;
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_both_ends() {
        let mut b = Bounds::new(5);
        for x in [7, -2, 3, 11, 0] {
            b.observe(x);
        }
        assert_eq!(b.span, (-2, 11));
    }
}
