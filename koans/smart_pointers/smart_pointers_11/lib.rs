use std::fmt::Write;

/// Something that can be drawn on a toolbar as its label in brackets.
pub trait Widget {
    fn label(&self) -> String;

    fn draw<W: Write>(&self, out: &mut W) {
        let _ = write!(out, "[{}]", self.label());
    }
}

pub fn toolbar(items: &[Box<dyn Widget>]) -> String {
    let mut out = String::new();
    for (i, w) in items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        w.draw(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Button(&'static str);
    struct Counter(u32);

    impl Widget for Button {
        fn label(&self) -> String {
            self.0.to_string()
        }
    }

    impl Widget for Counter {
        fn label(&self) -> String {
            format!("#{}", self.0)
        }
    }

    #[test]
    fn renders_row() {
        let row: Vec<Box<dyn Widget>> = vec![Box::new(Button("ok")), Box::new(Counter(3))];
        assert_eq!(toolbar(&row), "[ok] [#3]");
        assert_eq!(toolbar(&[]), "");
    }
}
