fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The first departure at or after `now` (minutes after midnight), formatted as HH:MM.
pub fn next_departure(times: &[u32], now: u32) -> Option<String> {
    let next = times.iter().copied().filter(|&t| t >= now).min();
    Some(hhmm(next))
}

#[cfg(test)]
mod tests {
    use super::next_departure;

    #[test]
    fn finds_next() {
        let times = [1210, 375, 540, 545];
        assert_eq!(next_departure(&times, 541).as_deref(), Some("09:05"));
        assert_eq!(next_departure(&times, 0).as_deref(), Some("06:15"));
    }

    #[test]
    fn none_left() {
        assert_eq!(next_departure(&[375], 1200), None);
    }
}
