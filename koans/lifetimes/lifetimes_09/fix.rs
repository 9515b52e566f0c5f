/// Raw HTTP-style header block, one `Name: value` per line.
pub struct Headers {
    pub raw: String,
}

impl Headers {
    /// Values of every header whose name matches `name` ignoring ASCII case, in order.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.raw
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_value_case() {
        let h = Headers { raw: "Accept: Text/HTML\nSet-Cookie: A=1\nset-cookie: B=2".into() };
        assert_eq!(h.values("SET-COOKIE"), vec!["A=1", "B=2"]);
        assert_eq!(h.values("accept"), vec!["Text/HTML"]);
    }

    #[test]
    fn missing_header() {
        let h = Headers { raw: "Host: x".into() };
        assert!(h.values("Accept").is_empty());
    }
}
