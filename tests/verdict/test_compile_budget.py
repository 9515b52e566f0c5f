from __future__ import annotations

from sleepy.verdict.compile_budget import budget_violation, code_lines

ORIGINAL = """/// Names in stock.
pub fn in_stock(items: &[(String, u32)]) -> Vec<String> {
    let mut names = Vec::new();
    for (name, count) in items {
        if *count > 0 {
            names.push(name); // does not compile
        }
    }
    names
}
"""


def test_code_lines_drop_comments_and_blank_lines():
    lines = code_lines(ORIGINAL)
    assert lines[0] == "pub fn in_stock ( items : & [ ( String , u32 ) ] ) - > Vec < String > {"
    assert "names . push ( name ) ;" in lines and len(lines) == 9


def test_a_one_line_fix_is_within_budget():
    assert budget_violation(ORIGINAL, ORIGINAL.replace("push(name)", "push(name.clone())"), 2) is None
    # reformatting comments and blank lines costs nothing
    assert budget_violation(ORIGINAL, "\n" + ORIGINAL.replace("/// Names in stock.", "// fixed"), 1) is None


def test_commenting_out_or_deleting_code_is_refused():
    commented = ORIGINAL.replace("            names.push(name);", "            // names.push(name);")
    assert "removes 1 line(s) of code" in budget_violation(ORIGINAL, commented, 5)
    start, end = ORIGINAL.index("    for "), ORIGINAL.index("    names\n")
    deleted = ORIGINAL[:start] + ORIGINAL[end:]
    assert "removes 5 line(s)" in budget_violation(ORIGINAL, deleted, 10)


def test_too_many_changed_lines_are_refused():
    rewritten = ORIGINAL.replace("names", "found")
    reason = budget_violation(ORIGINAL, rewritten, 2)
    assert reason == "the change touches 3 lines of code; this task allows at most 2"
