/// Chooses a display title: the trimmed primary title, or the fallback when it is blank.
pub fn display_title<'a>(primary: &'a str, fallback: &'a str) -> &'a str {
    let p = primary.trim();
    if p.is_empty() {
        fallback
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_trimmed_primary() {
        assert_eq!(display_title("  Night Train ", "Untitled"), "Night Train");
    }

    #[test]
    fn falls_back_when_blank() {
        let fallback = String::from("Untitled draft");
        let shown = display_title("   ", &fallback);
        assert_eq!(shown, "Untitled draft");
        assert_eq!(display_title("", ""), "");
    }
}
