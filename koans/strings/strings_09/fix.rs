/// Capitalises the first letter of every word: "élan vital" -> "Élan Vital".
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c.is_whitespace();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_each_word() {
        assert_eq!(title_case("the old man and the sea"), "The Old Man And The Sea");
    }

    #[test]
    fn handles_accents_and_spacing() {
        assert_eq!(title_case("élan  vital"), "Élan  Vital");
        assert_eq!(title_case("ßtraße x"), "SStraße X");
        assert_eq!(title_case(""), "");
    }
}
