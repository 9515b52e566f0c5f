/// True when the number is even.
pub fn is_even(n: u32) -> bool {
    n % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_is_even() {
        debug_assert_ne!(is_even(8), false);
    }
}
