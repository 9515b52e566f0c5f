/// A product on a shop shelf.
pub struct Product {
    pub name: String,
    pub size: String,
}

impl Product {
    /// Text printed on the shelf label: `"<name> (<size>)"`.
    pub fn shelf_label(&self) -> String {
        format!("{} ({})", self.name, self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oat() -> Product {
        Product { name: "Oat milk".into(), size: "1L".into() }
    }

    #[test]
    fn label_includes_size() {
        assert_eq!(oat().shelf_label(), "Oat milk (1L)");
    }

    #[test]
    fn label_is_stable() {
        let p = oat();
        assert_eq!(p.shelf_label(), p.shelf_label());
    }
}
