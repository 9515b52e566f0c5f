/// Counts scores 0..=100 into five buckets of 20 points (100 goes into the last one).
pub fn histogram(scores: &[u32]) -> [usize; 5] {
    let mut buckets = [0; 5];
    for &score in scores {
        let index = (score.min(99) / 20) as usize;
        buckets[index] += 1;
    buckets
}

pub fn bar_chart(buckets: &[usize; 5]) -> Vec<String> {
    buckets
        .iter()
        .enumerate()
        .map(|(i, &n)| format!("{:>3}: {}", i * 20, "#".repeat(n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_bars() {
        let buckets = histogram(&[5, 19, 20, 55, 99, 100]);
        assert_eq!(buckets, [2, 1, 1, 0, 2]);
        assert_eq!(bar_chart(&buckets)[0], "  0: ##");
        assert_eq!(bar_chart(&buckets)[3], " 60: ");
    }
}
