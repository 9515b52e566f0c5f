/// Parses a size like "12x40" into its area, or None if it is malformed or overflows.
pub fn area(spec: &str) -> Option<u32> {
    let (w, h) = spec.split_once('x')?;
    let w: u32 = w.trim().parse().ok()?;
    let h: u32 = h.trim().parse().ok()?;
    w.checked_mul(h)
}

#[cfg(test)]
mod tests {
    use super::area;

    #[test]
    fn well_formed() {
        assert_eq!(area("12x40"), Some(480));
        assert_eq!(area(" 3 x 3 "), Some(9));
    }

    #[test]
    fn malformed_or_huge() {
        for bad in ["12", "ax4", "4x", "-1x2", "70000x70000"] {
            assert_eq!(area(bad), None, "{bad}");
        }
    }
}
