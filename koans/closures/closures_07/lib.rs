fn fill<F: Fn(usize) -> String>(n: usize, make: F) -> Vec<String> {
    (1..=n).map(make).collect()
}

/// Produces `n` numbered welcome lines signed by `host`.
pub fn greetings(host: String, n: usize) -> Vec<String> {
    let make = move |i: usize| {
        let mut line = host;
        line.push_str(" welcomes guest ");
        line.push_str(&i.to_string());
        line
    };
    fill(n, make)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines() {
        let g = greetings(String::from("Ana"), 2);
        assert_eq!(g, vec!["Ana welcomes guest 1", "Ana welcomes guest 2"]);
        assert!(greetings(String::from("Bo"), 0).is_empty());
    }
}
