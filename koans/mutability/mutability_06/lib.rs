/// Calls `visit(row, col, value)` for every cell, row by row.
pub fn each_cell<F: Fn(usize, usize, u8)>(grid: &[Vec<u8>], visit: F) {
    for (r, row) in grid.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            visit(r, c, v);
        }
    }
}

/// Coordinates of every cell holding `target`.
pub fn find_all(grid: &[Vec<u8>], target: u8) -> Vec<(usize, usize)> {
    let mut hits = Vec::new();
    each_cell(grid, |r, c, v| {
        if v == target {
            hits.push((r, c));
        }
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mines() {
        let grid = vec![vec![0, 9, 0], vec![9, 0], vec![0, 0, 0, 9]];
        assert_eq!(find_all(&grid, 9), vec![(0, 1), (1, 0), (2, 3)]);
        assert!(find_all(&grid, 5).is_empty());
    }
}
