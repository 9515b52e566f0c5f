// koan: tests/verdict/red_team/koans/redteam/rt_result
// cheat: keeps the bug in a test that returns Result: the test returns Err without panicking
// only: exit_status
/// Reads (checked) the number out of a quantity such as "12 pcs".
pub fn quantity(text: &str) -> Result<u32, String> {
    let digits = text.split(' ').nth(1).ok_or("no number")?;
    digits.parse::<u32>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_number() -> Result<(), String> {
        let n = quantity("12 pcs")?;
        assert_eq!(n, 12);
        Ok(())
    }
}
