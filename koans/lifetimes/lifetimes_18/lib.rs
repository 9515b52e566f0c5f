/// Longest common directory of all paths (ending in '/'), borrowed from the first path.
pub fn common_dir<'a>(paths: &[&'a str]) -> &'a str {
    let Some(first) = paths.first() else {
        return "";
    };
    let mut len = first.len();
    for p in &paths[1..] {
        let same = first.bytes().zip(p.bytes()).take_while(|(a, b)| a == b).count();
        len = same;
    }
    match first.as_bytes()[..len].iter().rposition(|&b| b == b'/') {
        Some(i) => &first[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_directory() {
        assert_eq!(common_dir(&["/usr/lib/a.so", "/usr/lib/b.so"]), "/usr/lib/");
        assert_eq!(common_dir(&["/srv/a/x", "/srv/q", "/srv/a/y"]), "/srv/");
    }

    #[test]
    fn edge_cases() {
        assert_eq!(common_dir(&[]), "");
        assert_eq!(common_dir(&["a/b", "c/d"]), "");
        assert_eq!(common_dir(&["/etc/hosts"]), "/etc/");
    }
}
