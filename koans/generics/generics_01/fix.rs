/// Moves every vertex of a polygon by the same offset.
pub fn translate<T: std::ops::Add<Output = T> + Copy>(vertices: &[(T, T)], dx: T, dy: T) -> Vec<(T, T)> {
    vertices.iter().map(|&(x, y)| (x + dx, y + dy)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_integer_vertices() {
        let square = [(0, 0), (2, 0), (2, 2), (0, 2)];
        assert_eq!(translate(&square, 3, -1), vec![(3, -1), (5, -1), (5, 1), (3, 1)]);
        assert!(translate::<u8>(&[], 1, 1).is_empty());
    }

    #[test]
    fn shifts_float_vertices() {
        assert_eq!(translate(&[(0.5, 1.0)], 0.25, -1.0), vec![(0.75, 0.0)]);
    }
}
