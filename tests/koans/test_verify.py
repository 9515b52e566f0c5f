from __future__ import annotations

import json

import pytest

from sleepy.koans import load_koan
from sleepy.koans.verify import differing_tests_message, verify_koan
from sleepy.sandbox import Sandbox
from tests.koans.conftest import LIB, write_koan
from tests.sandbox.editions import EDITION_2015_ONLY, EDITION_2024_ONLY, PROGRAM

MISSING_MUT = """/// Counts words longer than three letters.
pub fn long_words(text: &str) -> usize {
    let count = 0;
    for word in text.split_whitespace() {
        if word.len() > 3 {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(long_words("a long sentence of words"), 3);
    }
}
"""


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def test_a_good_koan_verifies(tmp_path, sandbox):
    verdict = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01")), sandbox)
    assert verdict.ok, verdict.problems
    assert (verdict.observed_failure, verdict.rustfix_fixes) == ("test_failure", False)


def test_a_mislabelled_koan_fails(tmp_path, sandbox):
    verdict = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01", expected="E0382")), sandbox)
    assert verdict.problems == ("lib.rs fails as test_failure (1 of 1 tests failed: tests::adds), declared E0382",)


def test_a_fix_that_edits_the_tests_is_refused(tmp_path, sandbox):
    fix = LIB.replace("a - b", "a + b").replace("add(-1, 1), 0", "add(-1, 1), 0 + 0")
    verdict = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01", fix=fix)), sandbox)
    assert any("differs between lib.rs and fix.rs" in p for p in verdict.problems)


def test_a_fix_with_clippy_lints_is_refused(tmp_path, sandbox):
    fix = LIB.replace("    a - b\n", "    return a + b;\n")
    verdict = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01", fix=fix)), sandbox)
    assert [p for p in verdict.problems if p.startswith("clippy -D warnings fails on fix.rs")], verdict.problems


def test_rustfix_baseline_detects_a_koan_rustc_fixes_alone(tmp_path, sandbox):
    fix = MISSING_MUT.replace("let count = 0", "let mut count = 0")
    directory = write_koan(tmp_path, "alpha", "alpha_01", lib=MISSING_MUT, fix=fix, expected="E0384")
    verdict = verify_koan(load_koan(directory), sandbox)
    assert verdict.ok and verdict.rustfix_fixes


def test_cli_verify_json_and_exit_status(tmp_path, sleepy_cli):
    write_koan(tmp_path, "alpha", "alpha_01")
    write_koan(tmp_path, "alpha", "alpha_02", expected="E0308")
    result = sleepy_cli("koans", "verify", "--path", str(tmp_path), "--json", "--no-clippy")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["id"], r["ok"]) for r in rows] == [("alpha_01", True), ("alpha_02", False)]
    assert result.exit_code == 1


@pytest.mark.parametrize(("fix", "bug", "edition"), [
    (EDITION_2015_ONLY, ("let mut async = 0;", "let mut async = 1;"), "2015"),
    (EDITION_2024_ONLY, ("&& *x > 0", "&& *x > 100"), "2024"),
])
def test_a_koan_verifies_in_its_declared_edition_only(tmp_path, sandbox, fix, bug, edition):
    lib = fix.replace(*bug)
    assert lib != fix
    declared = write_koan(tmp_path, "alpha", "alpha_01", lib=lib, fix=fix, extra=f'edition = "{edition}"\n')
    verdict = verify_koan(load_koan(declared), sandbox)
    assert verdict.ok, verdict.problems
    undeclared = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_02", lib=lib, fix=fix)), sandbox)
    assert undeclared.observed_failure == "error"  # 2021 does not parse it
    assert any(p.startswith("fix.rs does not pass its tests: compile_error") for p in undeclared.problems)


def test_a_bin_koan_is_linted_as_a_program(tmp_path, sandbox):
    lib = PROGRAM.replace("k * k", "k + k")
    as_bin = write_koan(tmp_path, "alpha", "alpha_01", lib=lib, fix=PROGRAM, extra='crate_kind = "bin"\n')
    verdict = verify_koan(load_koan(as_bin), sandbox)
    assert verdict.ok, verdict.problems
    as_lib = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_02", lib=lib, fix=PROGRAM)), sandbox)
    [problem] = as_lib.problems
    assert problem.startswith("clippy -D warnings fails on fix.rs") and "function `main` is never used" in problem


MISSING_SEMICOLON = LIB.replace("    a - b\n", "    let mut sum = a;\n    sum += b\n    sum\n")


def test_a_compile_error_koan_fails_with_any_error(tmp_path, sandbox):
    fix = MISSING_SEMICOLON.replace("sum += b\n", "sum += b;\n")
    codeless = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01", lib=MISSING_SEMICOLON, fix=fix,
                                                expected="compile_error")), sandbox)
    assert codeless.ok and codeless.observed_failure == "error", codeless.problems  # rustc gives no code
    mismatched = LIB.replace("    a - b\n", '    a + "b"\n')
    coded = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_02", lib=mismatched,
                                             fix=LIB.replace("a - b", "a + b"), expected="compile_error")), sandbox)
    assert coded.ok and coded.observed_failure.startswith("E0"), coded.problems
    compiles = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_03", expected="compile_error")), sandbox)
    assert compiles.problems == (
        "lib.rs fails as test_failure (1 of 1 tests failed: tests::adds), declared compile_error",)


NINE_LINES = """pub fn add(a: i32, b: i32) -> i32 {
    a - b
}
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn adds() { assert_eq!(add(2, 3), 5); }
}
"""


@pytest.mark.parametrize("lines", [9, 60])
def test_a_koan_out_of_the_house_line_range_fails_strict_only(tmp_path, sandbox, lines):
    padding = "".join(f"/// Line {i} of the doc comment.\n" for i in range(lines - 9))
    lib = padding + NINE_LINES
    directory = write_koan(tmp_path, "alpha", "alpha_01", lib=lib, fix=lib.replace("a - b", "a + b"))
    koan = load_koan(directory)
    assert verify_koan(koan, sandbox, clippy=False).ok
    strict = verify_koan(koan, sandbox, clippy=False, strict=True)
    assert strict.problems == (f"lib.rs has {lines} non-blank lines; --strict wants 10-40",)


def test_tests_that_differ_name_the_function_and_say_the_koan_is_unsolvable(tmp_path, sandbox):
    fix = LIB.replace("a - b", "a + b").replace("add(-1, 1), 0", "add(-1, 1), 1")
    verdict = verify_koan(load_koan(write_koan(tmp_path, "alpha", "alpha_01", fix=fix)), sandbox, clippy=False)
    [message] = [p for p in verdict.problems if "#[cfg(test)]" in p]
    assert message.startswith("the #[cfg(test)] module differs between lib.rs and fix.rs (in `adds`): the bug, or a "
                              "change, is inside the test module, so the task is unsolvable as written (the verdict "
                              "restores lib.rs's tests on every candidate)")


def test_tests_differ_names_added_and_removed_functions():
    before = "mod tests {\n    #[test]\n    fn a() {}\n\n    #[test]\n    fn b() {}\n}\n"
    after = "mod tests {\n    #[test]\n    fn a() {}\n\n    #[test]\n    #[should_panic]\n    fn b() {}\n" \
            "\n    #[test]\n    fn c() {}\n}\n"
    assert "(in `b`, `c`)" in differing_tests_message(before, after)
    outside_functions = before.replace("mod tests {", "mod tests {\n    use super::*;")
    assert "(in " not in differing_tests_message(before, outside_functions)


def test_cli_verify_strict_reports_the_line_rule(tmp_path, sleepy_cli):
    write_koan(tmp_path, "alpha", "alpha_01", lib=NINE_LINES, fix=NINE_LINES.replace("a - b", "a + b"))
    assert sleepy_cli("koans", "verify", "--path", str(tmp_path), "--no-clippy").exit_code == 0
    strict = sleepy_cli("koans", "verify", "--path", str(tmp_path), "--no-clippy", "--strict")
    assert strict.exit_code == 1
    assert "FAIL alpha_01: lib.rs has 9 non-blank lines; --strict wants 10-40" in strict.output
