pub struct Policy {
    pub allowed: Vec<String>,
    pub label: String,
}

impl Policy {
    fn permits(&self, sensor: &str) -> bool {
        self.allowed.iter().any(|a| a == sensor)
    }
}

/// Keeps the readings whose sensor the policy permits, tagged with the policy's label.
pub fn apply(policy: Policy, readings: &[(&str, f32)]) -> (String, Vec<f32>) {
    let permits = move |name: &str| policy.permits(name);
    let kept = readings.iter().filter(|(n, _)| permits(n)).map(|&(_, v)| v).collect();
    (policy.label, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_policy() {
        let policy = Policy { allowed: vec!["t1".into(), "t3".into()], label: "lab".into() };
        let (label, kept) = apply(policy, &[("t1", 20.5), ("t2", 99.0), ("t3", -4.0), ("t1", 21.0)]);
        assert_eq!(label, "lab");
        assert_eq!(kept, vec![20.5, -4.0, 21.0]);
    }
}
