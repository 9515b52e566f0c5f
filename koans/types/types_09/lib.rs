/// Spreadsheet column label for a zero-based index: 0 is "A", 25 is "Z", 26 is "AA".
pub fn column_label(mut index: u32) -> String {
    let mut letters = Vec::new();
    loop {
        let rem = index % 26;
        letters.push(('A' as u32 + rem) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let got: Vec<String> = [0, 25, 26, 51, 701, 702]
            .iter()
            .map(|&i| column_label(i))
            .collect();
        assert_eq!(got, ["A", "Z", "AA", "AZ", "ZZ", "AAA"]);
    }
}
