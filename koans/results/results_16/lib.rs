#[derive(Debug, PartialEq)]
pub enum RouteError {
    AllFailed(Vec<String>),
}

fn ping(mirror: &str) -> Result<u32, String> {
    match mirror.rsplit_once('@') {
        Some((_, ms)) => ms.parse().map_err(|_| format!("{mirror}: garbled reply")),
        None => Err(format!("{mirror}: unreachable")),
    }
}

/// Latency of the first mirror that answers; otherwise every failure, in order.
pub fn first_reachable(mirrors: &[&str]) -> Result<u32, RouteError> {
    let mut failures = Vec::new();
    for mirror in mirrors {
        match ping(mirror) {
            Ok(ms) => return Ok(ms),
            Err(e) => {
                failures.push(e);
                break;
            }
        }
    }
    Err(RouteError::AllFailed(failures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_through_to_a_working_mirror() {
        assert_eq!(first_reachable(&["eu", "us@x", "asia@40", "au@5"]), Ok(40));
    }

    #[test]
    fn collects_all_failures() {
        let want = vec!["eu: unreachable".to_string(), "us@x: garbled reply".to_string()];
        assert_eq!(first_reachable(&["eu", "us@x"]), Err(RouteError::AllFailed(want)));
        assert_eq!(first_reachable(&[]), Err(RouteError::AllFailed(vec![])));
    }
}
