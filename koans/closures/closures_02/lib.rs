/// Builds one money formatter per currency code, all sharing one decimal separator.
pub fn money_formatters(codes: &[&str], sep: String) -> Vec<Box<dyn Fn(u64) -> String>> {
    let mut out: Vec<Box<dyn Fn(u64) -> String>> = Vec::new();
    for code in codes {
        let code = code.to_string();
        out.push(Box::new(|cents| format!("{code} {}{sep}{:02}", cents / 100, cents % 100)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_formatter_per_code() {
        let fs = money_formatters(&["EUR", "SEK"], String::from(","));
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[0](1999), "EUR 19,99");
        assert_eq!(fs[1](5), "SEK 0,05");
    }
}
