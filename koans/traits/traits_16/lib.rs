use std::cmp::Ordering;

/// A semantic version; `pre` is a pre-release tag such as `"rc1"`.
#[derive(Debug, PartialEq, Eq)]
pub struct Version {
    pub core: (u32, u32, u32),
    pub pre: Option<String>,
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core.cmp(&other.core).then_with(|| match (&self.pre, &other.pre) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) => a.cmp(b),
        })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(core: (u32, u32, u32), pre: Option<&str>) -> Version {
        Version { core, pre: pre.map(String::from) }
    }

    #[test]
    fn release_beats_prerelease() {
        assert!(v((2, 0, 0), None) > v((2, 0, 0), Some("rc1")));
        assert!(v((1, 9, 9), None) < v((2, 0, 0), Some("alpha")));
        assert!(v((2, 0, 0), Some("alpha")) < v((2, 0, 0), Some("beta")));
        assert_eq!(v((1, 0, 0), None).cmp(&v((1, 0, 0), None)), Ordering::Equal);
    }
}
