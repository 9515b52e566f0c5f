use std::rc::Rc;

pub struct Font {
    pub family: String,
    pub size: u32,
}

pub struct Label {
    pub text: String,
    pub font: Rc<Font>,
}

/// Makes `n` numbered labels that all share a single font allocation.
pub fn numbered_labels(font: Font, n: usize) -> Vec<Label> {
    let shared = font;
    (1..=n)
        .map(|i| Label { text: format!("item {i}"), font: Rc::clone(&shared) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_shared() {
        let labels = numbered_labels(Font { family: "Mono".into(), size: 12 }, 3);
        assert_eq!(labels[2].text, "item 3");
        assert!(Rc::ptr_eq(&labels[0].font, &labels[2].font));
        assert_eq!(Rc::strong_count(&labels[1].font), 3);
        assert_eq!(labels[1].font.size, 12);
    }
}
