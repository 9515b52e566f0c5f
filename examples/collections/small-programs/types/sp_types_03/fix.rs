/// Pads each label on the right to the width of the longest one, counted in characters.
pub fn pad_labels(labels: &[&str]) -> Vec<String> {
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    labels.iter().map(|l| format!("{l:<width$}|")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_longest_label() {
        assert_eq!(pad_labels(&["id", "name", "x"]), vec!["id  |", "name|", "x   |"]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(pad_labels(&["café", "tea"]), vec!["café|", "tea |"]);
    }
}
