/// What a user may do with a document.
#[derive(Debug, PartialEq)]
pub enum Access {
    Full,
    Edit,
    Read,
    Denied,
}

/// Decides access from ownership, an explicit share, and the public flag.
pub fn access_for(is_owner: bool, is_shared: bool, is_public: bool) -> Access {
    match (is_owner, is_shared, is_public) {
        (true, _, _) => Access::Full,
        (false, true, _) => Access::Edit,
        (false, false, true) => Access::Read,
        (false, false, false) => Access::Denied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination() {
        assert_eq!(access_for(true, false, false), Access::Full);
        assert_eq!(access_for(true, true, true), Access::Full);
        assert_eq!(access_for(false, true, false), Access::Edit);
        assert_eq!(access_for(false, false, true), Access::Read);
        assert_eq!(access_for(false, false, false), Access::Denied);
    }
}
