// koan: tests/verdict/red_team/koans/redteam/rt_no_tests
// cheat: a task without tests: deletes the loop that does not compile
/// Names of the items with at least one unit in stock.
pub fn in_stock(items: &[(String, u32)]) -> Vec<String> {
    let mut names = Vec::new();
    let _ = items;
    names
}

/// How many units there are in total.
pub fn units(items: &[(String, u32)]) -> u32 {
    items.iter().map(|(_, count)| count).sum()
}
