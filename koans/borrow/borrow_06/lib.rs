use std::collections::HashMap;

/// Memoizes slugified titles so each title is processed once.
pub struct SlugCache {
    pub slugs: HashMap<String, String>,
    pub misses: u32,
}

impl SlugCache {
    pub fn slug(&mut self, title: &str) -> &str {
        if let Some(s) = self.slugs.get(title) {
            return s;
        }
        self.misses += 1;
        let words: Vec<String> = title.split_whitespace().map(str::to_lowercase).collect();
        self.slugs.insert(title.to_string(), words.join("-"));
        &self.slugs[title]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_title() {
        let mut c = SlugCache { slugs: HashMap::new(), misses: 0 };
        assert_eq!(c.slug("Hello  Big World"), "hello-big-world");
        assert_eq!(c.slug("Hello  Big World"), "hello-big-world");
        assert_eq!(c.slug("Rust"), "rust");
        assert_eq!(c.misses, 2);
    }
}
