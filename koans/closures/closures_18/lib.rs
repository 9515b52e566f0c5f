/// A chain of text transforms applied in the order they were added.
#[derive(Default)]
pub struct Pipeline {
    steps: Vec<Box<dyn Fn(String) -> String>>,
}

impl Pipeline {
    pub fn then(mut self, step: impl Fn(String) -> String + 'static) -> Self {
        self.steps.insert(0, Box::new(step));
        self
    }

    pub fn run(&self, input: &str) -> String {
        self.steps.iter().fold(input.to_string(), |acc, step| step(acc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_in_insertion_order() {
        let tag = String::from("note");
        let p = Pipeline::default()
            .then(|s| s.trim().to_string())
            .then(move |s| format!("{tag}: {s}"))
            .then(|s| s.to_uppercase());
        assert_eq!(p.run("  buy milk "), "NOTE: BUY MILK");
        assert_eq!(Pipeline::default().run("x"), "x");
    }
}
