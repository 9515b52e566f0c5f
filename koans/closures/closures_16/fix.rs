/// Sorts (name, bytes) pairs largest first; equal sizes are ordered by name A-Z.
pub fn by_size(files: &mut [(String, u64)]) {
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_then_alphabetical() {
        let mut files: Vec<(String, u64)> = [("b.txt", 10), ("a.txt", 10), ("z.bin", 50), ("c.md", 1)]
            .iter()
            .map(|&(n, s)| (n.to_string(), s))
            .collect();
        by_size(&mut files);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["z.bin", "a.txt", "b.txt", "c.md"]);
    }
}
