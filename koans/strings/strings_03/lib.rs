/// Renders a breadcrumb trail such as "Home > Docs > Api".
pub fn breadcrumb(labels: &[&str]) -> String {
    let Some((first, rest)) = labels.split_first() else {
        return String::new();
    };
    let mut trail = *first;
    for label in rest {
        trail = trail + " > " + label;
    }
    trail.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_with_arrows() {
        assert_eq!(breadcrumb(&["Home", "Docs", "Api"]), "Home > Docs > Api");
    }

    #[test]
    fn single_and_empty() {
        assert_eq!(breadcrumb(&["Home"]), "Home");
        assert_eq!(breadcrumb(&[]), "");
    }
}
