use std::fmt::Display;

/// Renders one CSV row from cells of any displayable type.
pub fn csv_row<T: Display>(cells: &[T]) -> String {
    cells
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_text() {
        assert_eq!(csv_row(&[3, 14, 15]), "3,14,15");
        assert_eq!(csv_row(&["id", "name"]), "id,name");
    }

    #[test]
    fn floats_bools_and_empty() {
        assert_eq!(csv_row(&[1.5, -0.25]), "1.5,-0.25");
        assert_eq!(csv_row(&[true, false]), "true,false");
        assert_eq!(csv_row::<u8>(&[]), "");
    }
}
