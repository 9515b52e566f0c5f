#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub retries: u32,
    pub endpoint: String,
}

pub struct Client {
    pub config: Config,
    pub failures: u32,
}

impl Client {
    /// Records a failure, raises the retry budget by one (capped at 5), returns the new settings.
    pub fn on_failure(&mut self) -> Config {
        self.failures += 1;
        let mut cfg = self.config.clone();
        cfg.retries = (cfg.retries + 1).min(5);
        cfg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_until_cap() {
        let mut c = Client { config: Config { retries: 3, endpoint: "api".into() }, failures: 0 };
        assert_eq!(c.on_failure().retries, 4);
        assert_eq!(c.on_failure().retries, 5);
        assert_eq!(c.on_failure(), Config { retries: 5, endpoint: "api".into() });
        assert_eq!((c.config.retries, c.failures), (5, 3));
    }
}
