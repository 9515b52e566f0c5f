/// Minutes after midnight for "HH:MM" (24-hour clock); "noon" and "midnight" also work.
pub fn minutes_of_day(s: &str) -> Option<u32> {
    match s.trim() {
        "noon" => return 12 * 60,
        "midnight" => return Some(0),
        _ => {}
    }
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if h < 24 && m < 60 {
        Some(h * 60 + m)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::minutes_of_day;

    #[test]
    fn named_times() {
        assert_eq!(minutes_of_day("noon"), Some(720));
        assert_eq!(minutes_of_day(" midnight"), Some(0));
    }

    #[test]
    fn clock_times() {
        assert_eq!(minutes_of_day("07:45"), Some(465));
        assert_eq!(minutes_of_day("24:00"), None);
        assert_eq!(minutes_of_day("9.30"), None);
    }
}
