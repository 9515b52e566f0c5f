/// Keeps readings strictly above `floor`, storing at most `cap` of them.
pub fn keep_above(readings: &[i32], floor: i32, cap: usize) -> Vec<i32> {
    let mut kept = Vec::new();
    let mut record = |r: i32| {
        if r > floor && kept.len() < cap {
            kept.push(r);
        }
    };
    for &r in readings {
        record(r);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_caps() {
        assert_eq!(keep_above(&[3, 9, 1, 12, 7, 15], 5, 2), vec![9, 12]);
        assert_eq!(keep_above(&[3, 9, 1, 12], 5, 10), vec![9, 12]);
        assert_eq!(keep_above(&[8, 8], 8, 3), Vec::<i32>::new());
    }
}
