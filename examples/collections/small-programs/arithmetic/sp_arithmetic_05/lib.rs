pub fn shift_hour(hour: u8, delta: i32) -> u8 {
    ((i32::from(hour) - 1 + delta) % 12) as u8 + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn backwards_past_twelve() { assert_eq!(shift_hour(2, -5), 9); }
}
