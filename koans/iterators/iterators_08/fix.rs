pub struct Runner {
    pub name: String,
    pub laps: u32,
}

/// Name of the runner with the most laps (the last one listed wins a tie).
pub fn leader(runners: &[Runner]) -> Option<String> {
    runners.iter().max_by_key(|r| r.laps).map(|r| r.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(name: &str, laps: u32) -> Runner {
        Runner { name: name.to_string(), laps }
    }

    #[test]
    fn most_laps_leads() {
        let field = vec![runner("Kip", 12), runner("Mo", 15), runner("Eliud", 14)];
        assert_eq!(leader(&field).as_deref(), Some("Mo"));
    }

    #[test]
    fn tie_goes_to_later_and_empty_is_none() {
        assert_eq!(leader(&[runner("A", 3), runner("B", 3)]).as_deref(), Some("B"));
        assert_eq!(leader(&[]), None);
    }
}
