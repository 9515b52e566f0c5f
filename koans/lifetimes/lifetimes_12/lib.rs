/// A cursor over the comma-separated cells of a row.
pub struct Cells<'a> {
    parts: std::str::Split<'a, char>,
}

impl<'a> From<&'a str> for Cells<'a> {
    fn from(row: &'a str) -> Self {
        Cells { parts: row.split(',') }
    }
}

impl Cells<'_> {
    /// Parses the next cell as a number; blank or invalid cells count as zero.
    pub fn next_number(&mut self) -> Option<i32> {
        self.parts.next().map(|c| c.trim().parse().unwrap_or(0))
    }
}

/// Sums the first `n` cells of a row, accepting ';' as well as ',' as a separator.
pub fn sum_leading(row: &str, n: usize) -> i32 {
    let mut cells = Cells::from(row.replace(';', ",").as_str());
    (0..n).map_while(|_| cells.next_number()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_separators() {
        assert_eq!(sum_leading("1;2,3; 4", 3), 6);
        assert_eq!(sum_leading("5;x;7", 10), 12);
    }

    #[test]
    fn cursor_stops_at_end() {
        let mut c = Cells::from("8");
        assert_eq!(c.next_number(), Some(8));
        assert_eq!(c.next_number(), None);
    }
}
