/// Returns a debouncer: an event at `t` ms fires only if at least `gap` ms have passed
/// since the last event that fired. The first event always fires.
pub fn debouncer(gap: u64) -> impl FnMut(u64) -> bool {
    let mut last: Option<u64> = None;
    move |t| {
        let fire = last.is_none_or(|l| t - l >= gap);
        last = Some(t);
        fire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_stream_still_fires() {
        let mut d = debouncer(100);
        let fired: Vec<u64> = [0, 40, 80, 120, 150, 260].into_iter().filter(|&t| d(t)).collect();
        assert_eq!(fired, vec![0, 120, 260]);
        let mut quiet = debouncer(0);
        assert!(quiet(5) && quiet(5));
    }
}
