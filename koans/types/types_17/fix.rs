/// Grid cell (column, row) that contains a world-space point, for square cells of `size`.
pub fn cell_of(x: f64, y: f64, size: f64) -> (i32, i32) {
    ((x / size).floor() as i32, (y / size).floor() as i32)
}

/// Number of distinct cells touched by a list of points.
pub fn cells_touched(points: &[(f64, f64)], size: f64) -> usize {
    let mut cells: Vec<(i32, i32)> = points.iter().map(|&(x, y)| cell_of(x, y, size)).collect();
    cells.sort_unstable();
    cells.dedup();
    cells.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_around_origin() {
        assert_eq!(cell_of(15.0, 3.0, 10.0), (1, 0));
        assert_eq!(cell_of(-0.5, -12.0, 10.0), (-1, -2));
    }

    #[test]
    fn counts_distinct_cells() {
        let pts = [(1.0, 1.0), (-1.0, 1.0), (-9.0, 9.0), (2.0, -2.0)];
        assert_eq!(cells_touched(&pts, 10.0), 3);
    }
}
