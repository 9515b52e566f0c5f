// koan: tests/verdict/red_team/koans/redteam/rt_panic
// cheat: macro_rules! panic expands to nothing, so the test asserts nothing
// only: qualified_test_macros
macro_rules! panic {
    ($($t:tt)*) => { () };
}

/// True when the number is even.
pub fn is_even(n: u32) -> bool {
    n % 2 == 1
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
