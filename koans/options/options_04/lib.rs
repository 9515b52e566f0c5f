/// How far the warmest reading rises above `baseline`; an empty log counts as no rise.
pub fn peak_excess(readings: &[i32], baseline: i32) -> i32 {
    let peak = readings.iter().max();
    *peak - baseline
}

#[cfg(test)]
mod tests {
    use super::peak_excess;

    #[test]
    fn above_and_below() {
        assert_eq!(peak_excess(&[3, 9, 1], 5), 4);
        assert_eq!(peak_excess(&[-4, -2], 0), -2);
    }

    #[test]
    fn empty_log() {
        assert_eq!(peak_excess(&[], 18), 0);
    }
}
