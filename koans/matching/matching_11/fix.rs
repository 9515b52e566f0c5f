/// Joins names as English prose: "Ann", "Ann and Bo", "Ann, Bo and Cy".
pub fn prose_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => only.to_string(),
        [first, second] => format!("{first} and {second}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists() {
        assert_eq!(prose_list(&[]), "");
        assert_eq!(prose_list(&["Ann"]), "Ann");
        assert_eq!(prose_list(&["Ann", "Bo"]), "Ann and Bo");
    }

    #[test]
    fn long_lists() {
        assert_eq!(prose_list(&["Ann", "Bo", "Cy"]), "Ann, Bo and Cy");
        assert_eq!(prose_list(&["w", "x", "y", "z"]), "w, x, y and z");
    }
}
