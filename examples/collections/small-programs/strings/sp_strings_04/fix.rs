/// Shifts each ASCII letter `shift` places along the alphabet, keeping its case;
/// other characters pass through unchanged.
pub fn caesar(text: &str, shift: u8) -> String {
    text.chars()
        .map(|c| {
            let base = if c.is_ascii_lowercase() {
                b'a'
            } else if c.is_ascii_uppercase() {
                b'A'
            } else {
                return c;
            };
            let offset = (c as u8 - base + shift % 26) % 26;
            (base + offset) as char
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_and_wraps() {
        assert_eq!(caesar("Hello, World!", 3), "Khoor, Zruog!");
        assert_eq!(caesar("Zebra xyz", 3), "Cheud abc");
    }
}
