pub fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn century_rules() { assert!(is_leap(2024) && is_leap(2000) && !is_leap(1900) && !is_leap(2023)); }
}
