/// A duration in seconds as "HH:MM:SS".
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{h:02}:{m:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_hours_minutes_seconds() {
        assert_eq!(clock(59), "00:00:59");
        assert_eq!(clock(3_661), "01:01:01");
    }
}
