/// Splits a file name into (stem, extension); dotfiles such as ".bashrc" have no extension.
pub fn split_ext(name: &str) -> (&str, Option<&str>) {
    match name.split_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (name, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_names() {
        assert_eq!(split_ext("report.pdf"), ("report", Some("pdf")));
        assert_eq!(split_ext("Makefile"), ("Makefile", None));
        assert_eq!(split_ext(".bashrc"), (".bashrc", None));
    }

    #[test]
    fn multiple_dots() {
        assert_eq!(split_ext("backup.tar.gz"), ("backup.tar", Some("gz")));
        assert_eq!(split_ext("v1.2.notes.txt"), ("v1.2.notes", Some("txt")));
    }
}
