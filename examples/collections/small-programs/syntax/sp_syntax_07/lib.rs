/// Delay before attempt `n` (counting from 1): doubles each time, capped at `max_ms`.
pub fn backoff_ms(n: u32, base_ms u64, max_ms: u64) -> u64 {
    let factor = 1u64.checked_shl(n.saturating_sub(1)).unwrap_or(u64::MAX);
    base_ms.saturating_mul(factor).min(max_ms)
}

/// Runs `op` up to `attempts` times; returns the first success and the attempt it came on.
pub fn try<T, F: FnMut(u32) -> Option<T>>(attempts: u32, mut op: F) -> Option<(T, u32)> {
    (1..=attempts).find_map(|n| op(n).map(|value| (value, n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let delays: Vec<u64> = (1..=5).map(|n| backoff_ms(n, 100, 1000)).collect();
        assert_eq!(delays, vec![100, 200, 400, 800, 1000]);
        assert_eq!(backoff_ms(90, 100, 5000), 5000);
    }

    #[test]
    fn stops_at_first_success() {
        assert_eq!(try(5, |n| if n == 3 { Some("ok") } else { None }), Some(("ok", 3)));
        assert_eq!(try(2, |_| None::<u8>), None);
    }
}
