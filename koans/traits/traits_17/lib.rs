/// How a client retries failed requests.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub first_delay_ms: u64,
    pub multiplier: u64,
}

impl Default for RetryPolicy {
    /// Three attempts, starting at 100 ms and doubling each time.
    fn default() -> Self {
        RetryPolicy { attempts: 3, first_delay_ms: 100, multiplier: 1 }
    }
}

impl RetryPolicy {
    /// The delay before each attempt.
    pub fn delays(&self) -> Vec<u64> {
        (0..self.attempts).map(|i| self.first_delay_ms * self.multiplier.pow(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_doubles() {
        assert_eq!(RetryPolicy::default().delays(), vec![100, 200, 400]);
    }

    #[test]
    fn custom_policy() {
        let p = RetryPolicy { attempts: 2, first_delay_ms: 50, multiplier: 3 };
        assert_eq!(p.delays(), vec![50, 150]);
    }
}
