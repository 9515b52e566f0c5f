#[derive(Default)]
pub struct Shell {
    history: Vec<String>,
}

impl Shell {
    /// Records a command (`!!` repeats the previous one) and returns what was run.
    pub fn run(&mut self, input: &str) -> Option<String> {
        let command = if input == "!!" { self.history.last()?.clone() } else { input.to_string() };
        self.history.push(command.clone());
        Some(command)
    }

    pub fn history_len(&self) -> usize {
        self.history.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bang_bang_repeats_the_last_command() {
        let mut shell = Shell::default();
        assert_eq!(shell.run("ls -l").as_deref(), Some("ls -l"));
        assert_eq!(shell.run("!!").as_deref(), Some("ls -l"));
        assert_eq!(shell.history_len(), 2);
    }

    #[test]
    fn bang_bang_on_empty_history_runs_nothing() {
        let mut shell = Shell::default();
        assert_eq!(shell.run("!!"), None);
        assert_eq!(shell.history_len(), 0);
    }
}
