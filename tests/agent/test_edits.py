from __future__ import annotations

import pytest

from sleepy.agent.edits import EditError, apply_search_replace, apply_unified_diff
from sleepy.agent.source import split_tests, with_original_tests

TEXT = "fn a() {\n    let x = 1;\n    x + 1\n}\n\nfn b() {\n    let x = 1;\n    x * 2\n}\n"


def test_exact_unique_match():
    result = apply_search_replace(TEXT, "    x + 1\n", "    x + 2\n")
    assert "x + 2" in result.text and not result.fuzzy


def test_ambiguous_match_is_refused():
    with pytest.raises(EditError, match="matches 2 places"):
        apply_search_replace(TEXT, "    let x = 1;\n", "    let x = 2;\n")


def test_whitespace_tolerant_match():
    result = apply_search_replace(TEXT, "fn b() {\n  let x = 1;\n  x * 2", "fn b() {\n    let x = 3;\n    x * 2")
    assert result.fuzzy and "let x = 3;" in result.text and result.text.count("let x = 1;") == 1


def test_missing_search_text():
    with pytest.raises(EditError, match="not found"):
        apply_search_replace(TEXT, "x - 1", "x")


def test_unified_diff():
    diff = "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -6,3 +6,3 @@\n fn b() {\n     let x = 1;\n-    x * 2\n+    x * 3\n"
    assert "x * 3" in apply_unified_diff(TEXT, diff).text


def test_diff_without_hunks():
    with pytest.raises(EditError, match="no @@ hunks"):
        apply_unified_diff(TEXT, "just words")


SOURCE = (
    "pub fn f() -> i32 { 1 }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { assert_eq!(super::f(), 2); }\n}\n"
)


def test_split_and_restore_tests():
    parts = split_tests(SOURCE)
    assert parts.code.startswith("pub fn f") and parts.tests.startswith("#[cfg(test)]")
    restored, changed = with_original_tests("pub fn f() -> i32 { 2 }\n", parts.tests)
    assert changed and restored.endswith(parts.tests) and "{ 2 }" in restored
    _, changed = with_original_tests("pub fn f() -> i32 { 2 }\n\n" + parts.tests, parts.tests)
    assert not changed
