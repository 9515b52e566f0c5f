pub fn corners(w: i32, h: i32) -> [(i32, i32); 4] {
    [(0, 0), (w, 0), (w, h), (0, h)]
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn clockwise_from_origin() { assert_eq!(corners(4, 2), [(0, 0), (4, 0), (4, 2), (0, 2)]); }
}
