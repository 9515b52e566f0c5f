pub fn word_count(line: &str) -> usize {
    line.split(' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn irregular_spacing() { assert_eq!(word_count("  the quick  brown fox "), 4); }
}
