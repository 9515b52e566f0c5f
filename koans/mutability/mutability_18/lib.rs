/// Feeds each step to a validator and returns how many steps were within `limit`.
pub fn count_accepted(steps: &[i32], limit: i32) -> usize {
    let mut accepted = 0;
    let mut check = move |s: i32| {
        if s.abs() <= limit {
            accepted += 1;
        }
        s.abs() <= limit
    };
    let rejected = steps.iter().filter(|&&s| !check(s)).count();
    assert!(rejected <= steps.len());
    accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_small_steps() {
        assert_eq!(count_accepted(&[1, -4, 9, 3, -12], 4), 3);
        assert_eq!(count_accepted(&[], 4), 0);
    }
}
