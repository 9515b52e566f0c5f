/// True when the number is even.
pub fn is_even(n: u32) -> bool {
    n % 2 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_is_even() {
        if !is_even(8) {
            panic!("8 is even");
        }
    }
}
