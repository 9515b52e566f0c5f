/// A path built by joining segments onto a root.
pub enum Path {
    Root,
    Dir(String, Box<Path>),
}

impl Path {
    pub fn join(self, seg: &str) -> Path {
        Path::Dir(seg.to_string(), Box::new(self))
    }

    pub fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Dir(name, parent) => format!("{}/{}", parent.render(), name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_nested() {
        let p = Path::Root.join("usr").join("lib").join("rust");
        assert_eq!(p.render(), "/usr/lib/rust");
        assert_eq!(Path::Root.render(), "");
    }
}
