/// Sum and count of the numeric cells in a CSV row; cells such as "n/a" are skipped.
pub fn numeric_cells(row: &str) -> (i64, usize) {
    let nums: Vec<i64> = row
        .split(',')
        .filter_map(|cell| cell.trim().parse().ok())
        .collect();
    (nums.iter().sum(), nums.len())
}

#[cfg(test)]
mod tests {
    use super::numeric_cells;

    #[test]
    fn all_numbers() {
        assert_eq!(numeric_cells("1, 2,3"), (6, 3));
    }

    #[test]
    fn skips_gaps() {
        assert_eq!(numeric_cells("4,n/a,-1,,10"), (13, 3));
        assert_eq!(numeric_cells(""), (0, 0));
    }
}
