/// Traffic-light states.
#[derive(Debug, PartialEq)]
pub enum Light {
    Red,
    Amber,
    Green,
}

/// Parses an operator command into a light, ignoring case and surrounding spaces.
pub fn parse_light(cmd: &str) -> Option<Light> {
    let lowered = cmd.trim().to_lowercase();
    match lowered.as_str() {
        "stop" | "red" => Some(Light::Red),
        "wait" | "amber" => Some(Light::Amber),
        "go" | "green" => Some(Light::Green),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_synonyms_in_any_case() {
        assert_eq!(parse_light(" STOP "), Some(Light::Red));
        assert_eq!(parse_light("Amber"), Some(Light::Amber));
        assert_eq!(parse_light("go"), Some(Light::Green));
    }

    #[test]
    fn rejects_unknown() {
        assert_eq!(parse_light("blue"), None);
        assert_eq!(parse_light(""), None);
    }
}
