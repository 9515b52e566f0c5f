/// Change between consecutive stock snapshots; a drop is negative.
pub fn stock_deltas(snapshots: &[u64]) -> Vec<i64> {
    let mut out = Vec::new();
    for pair in snapshots.windows(2) {
        let delta: i64 = pair[1] as i64 - pair[0] as i64;
        out.push(delta);
    }
    out
}

/// The largest single drop, as a positive number, or 0 if stock never fell.
pub fn worst_drop(snapshots: &[u64]) -> u64 {
    stock_deltas(snapshots)
        .iter()
        .map(|d| if *d < 0 { d.unsigned_abs() } else { 0 })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rises_and_falls() {
        let s = [100, 140, 90, 95, 20];
        assert_eq!(stock_deltas(&s), [40, -50, 5, -75]);
        assert_eq!(worst_drop(&s), 75);
        assert_eq!(worst_drop(&[1, 2, 3]), 0);
    }
}
