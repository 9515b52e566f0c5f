// koan: tests/verdict/red_team/koans/redteam/rt_no_tests
// cheat: a task without tests: replaces the body with an empty result
// only: compile_budget
/// Names of the items with at least one unit in stock.
pub fn in_stock(items: &[(String, u32)]) -> Vec<String> {
    let _ = items;
    Vec::new()
}

/// How many units there are in total.
pub fn units(items: &[(String, u32)]) -> u32 {
    items.iter().map(|(_, count)| count).sum()
}
