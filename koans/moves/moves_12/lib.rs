use std::collections::HashMap;

pub struct User {
    pub email: String,
    pub active: bool,
}

/// Groups users by email domain and counts the active users in each domain.
pub fn by_domain(users: Vec<User>) -> (HashMap<String, Vec<User>>, HashMap<String, u32>) {
    let mut groups: HashMap<String, Vec<User>> = HashMap::new();
    let mut active = HashMap::new();
    for user in users {
        let domain = user.email.rsplit('@').next().unwrap_or("");
        let is_active = user.active;
        groups.entry(domain.to_string()).or_default().push(user);
        if is_active {
            *active.entry(domain.to_string()).or_insert(0) += 1;
        }
    }
    (groups, active)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_counts_active() {
        let u = |email: &str, active| User { email: email.into(), active };
        let (groups, active) = by_domain(vec![u("a@x.io", true), u("b@y.io", false), u("c@x.io", false), u("d@y.io", true)]);
        assert_eq!(groups["x.io"].iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), ["a@x.io", "c@x.io"]);
        assert_eq!(groups["y.io"].len(), 2);
        assert_eq!((active["x.io"], active["y.io"], active.len()), (1, 1, 2));
    }
}
