/// Renders a fixed-width product-code cell, padded with dots: "[AB12....]".
pub fn cell(code: &str, width: usize) -> String {
    let mut body = code;
    while body.chars().count() < width {
        body.push('.');
    }
    format!("[{body}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_short_codes() {
        assert_eq!(cell("AB12", 8), "[AB12....]");
        assert_eq!(cell("", 3), "[...]");
    }

    #[test]
    fn leaves_long_codes_alone() {
        assert_eq!(cell("LONGCODE9", 4), "[LONGCODE9]");
        assert_eq!(cell("ÅR", 3), "[ÅR.]");
    }
}
