use std::collections::HashMap;
use std::rc::Rc;

/// Loads textures once and hands out shared handles to them.
#[derive(Default)]
pub struct TextureCache {
    map: HashMap<String, Rc<Vec<u8>>>,
}

impl TextureCache {
    pub fn get(&mut self, name: &str) -> Rc<Vec<u8>> {
        let tex = self.map.entry(name.to_string()).or_insert_with(|| Rc::new(name.bytes().collect()));
        Rc::clone(tex)
    }

    /// Drops textures that only the cache still holds; returns how many were dropped.
    pub fn purge(&mut self) -> usize {
        let before = self.map.len();
        self.map.retain(|_, tex| Rc::strong_count(tex) > 1);
        before - self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purges_unused() {
        let mut cache = TextureCache::default();
        let grass = cache.get("grass");
        drop(cache.get("sky"));
        assert_eq!(cache.purge(), 1);
        assert_eq!(cache.purge(), 0);
        assert!(Rc::ptr_eq(&grass, &cache.get("grass")));
        assert_eq!(*grass, b"grass".to_vec());
    }
}
