/// Transposes a rectangular matrix given as a list of rows.
pub fn transpose<T: Clone>(rows: &[Vec<T>]) -> Vec<Vec<T>> {
    let width = rows.len();
    (0..width)
        .map(|col| rows.iter().map(|row| row[col].clone()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_matrix() {
        let m = vec![vec![1, 2, 3], vec![4, 5, 6]];
        assert_eq!(transpose(&m), vec![vec![1, 4], vec![2, 5], vec![3, 6]]);
    }

    #[test]
    fn tall_matrix_and_empty() {
        let m = vec![vec!['a'], vec!['b'], vec!['c']];
        assert_eq!(transpose(&m), vec![vec!['a', 'b', 'c']]);
        assert!(transpose::<u8>(&[]).is_empty());
    }
}
