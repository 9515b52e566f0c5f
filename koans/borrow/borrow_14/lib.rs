/// Rotates three seats left in place: (a, b, c) becomes (b, c, a).
pub fn rotate_left(a: &mut String, b: &mut String, c: &mut String) {
    std::mem::swap(a, b);
    std::mem::swap(a, c);
}

/// Rotates each complete triple of the roster left; a trailing partial group stays put.
pub fn rotate_triples(roster: &mut [String]) {
    for chunk in roster.chunks_exact_mut(3) {
        if let [a, b, c] = chunk {
            rotate_left(a, b, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn rotates_each_full_triple() {
        let mut r = names("ann,bo,cy,dee,eve,fay,gus");
        rotate_triples(&mut r);
        assert_eq!(r, names("bo,cy,ann,eve,fay,dee,gus"));
    }
}
