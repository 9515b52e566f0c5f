#[derive(Debug, PartialEq)]
pub enum GradeError {
    NotANumber(String),
    OutOfRange(u32),
}

fn parse_mark(s: &str) -> Result<u32, GradeError> {
    let mark: u32 = s.trim().parse().map_err(|_| GradeError::NotANumber(s.to_string()))?;
    if mark > 100 {
        return Err(GradeError::OutOfRange(mark));
    }
    Ok(mark)
}

/// Converts a raw exam mark (0 to 100) into a letter grade.
pub fn letter(s: &str) -> Result<char, GradeError> {
    parse_mark(s).map(|mark| match mark {
        90.. => 'A',
        75..=89 => 'B',
        50..=74 => 'C',
        _ => 'F',
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades() {
        let got: Vec<char> = ["100", "89", "50", " 12"].iter().map(|m| letter(m).unwrap()).collect();
        assert_eq!(got, vec!['A', 'B', 'C', 'F']);
    }

    #[test]
    fn errors() {
        assert_eq!(letter("101"), Err(GradeError::OutOfRange(101)));
        assert_eq!(letter("A+"), Err(GradeError::NotANumber("A+".into())));
    }
}
