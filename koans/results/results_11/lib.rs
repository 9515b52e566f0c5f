pub struct Probe {
    pub name: String,
    pub last: Result<u32, String>,
}

impl Probe {
    /// One-line status for a dashboard, leaving the probe untouched.
    pub fn summary(&self) -> String {
        match self.last {
            Ok(ms) if ms > 1000 => format!("{}: slow ({ms} ms)", self.name),
            Ok(ms) => format!("{}: up ({ms} ms)", self.name),
            Err(why) => format!("{}: down ({why})", self.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Probe;

    #[test]
    fn summaries() {
        let p = Probe { name: "db".into(), last: Ok(12) };
        assert_eq!(p.summary(), "db: up (12 ms)");
        let p = Probe { name: "api".into(), last: Ok(2500) };
        assert_eq!(p.summary(), "api: slow (2500 ms)");
        let p = Probe { name: "dns".into(), last: Err("refused".into()) };
        assert_eq!(p.summary(), "dns: down (refused)");
        assert_eq!(p.last, Err("refused".to_string()));
    }
}
