/// The first even number in the list, if there is one.
pub fn first_even(xs: &[i32]) -> Option<i32> {
    xs.iter().copied().find(|x| x % 2 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_four() {
        assert_eq!(first_even(&[1, 3, 4, 6]), Some(4));
    }
}
