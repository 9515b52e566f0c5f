/// Converts a percentage score into a letter grade; scores above 100 are invalid.
pub fn letter(score: u8) -> Option<char> {
    match score {
        90..=100 => Some('A'),
        80..=89 => Some('B'),
        70..=79 => Some('C'),
        60..=69 => Some('D'),
        0..=59 => Some('F'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(letter(100), Some('A'));
        assert_eq!(letter(85), Some('B'));
        assert_eq!(letter(70), Some('C'));
        assert_eq!(letter(69), Some('D'));
        assert_eq!(letter(0), Some('F'));
    }

    #[test]
    fn out_of_range_scores_are_rejected() {
        assert_eq!(letter(101), None);
        assert_eq!(letter(250), None);
    }
}
