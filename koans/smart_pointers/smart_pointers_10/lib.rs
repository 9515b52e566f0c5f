use std::rc::Weak;

pub struct Folder {
    pub name: String,
    pub parent: Weak<Folder>,
}

/// Name of the folder's parent, or "/" when it has none or the parent is gone.
pub fn parent_name(f: &Folder) -> String {
    f.parent.name.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn resolves_parent() {
        let root = Rc::new(Folder { name: "docs".into(), parent: Weak::new() });
        let child = Folder { name: "img".into(), parent: Rc::downgrade(&root) };
        assert_eq!(parent_name(&child), "docs");
        assert_eq!(parent_name(&root), "/");
        drop(root);
        assert_eq!(parent_name(&child), "/");
        assert_eq!(child.name, "img");
    }
}
