pub fn midpoint(a: u32, b: u32) -> u32 {
    ((u64::from(a) + u64::from(b)) / 2) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn far_along_the_track() { assert_eq!(midpoint(u32::MAX - 2, u32::MAX), u32::MAX - 1); }
}
