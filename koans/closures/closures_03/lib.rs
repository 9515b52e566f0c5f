/// Applies '+' and '-' commands to a dial level kept within 0..=10; other chars are ignored.
pub fn run_dial(start: u8, cmds: &str) -> u8 {
    let mut level = start;
    let mut up = || level = (level + 1).min(10);
    let mut down = || level = level.saturating_sub(1);
    for c in cmds.chars() {
        match c {
            '+' => up(),
            '-' => down(),
            _ => {}
        }
    }
    level
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_and_clamps() {
        assert_eq!(run_dial(5, "++-"), 6);
        assert_eq!(run_dial(9, "+++x"), 10);
        assert_eq!(run_dial(1, "--+"), 1);
        assert_eq!(run_dial(4, ""), 4);
    }
}
