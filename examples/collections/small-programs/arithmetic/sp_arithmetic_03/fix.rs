pub fn triangular(n: u64) -> u64 {
    (1..=n).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fourth_triangular_number() { assert_eq!(triangular(4), 10); }
}
