from __future__ import annotations

import json

import pytest

from sleepy.koans import load_koan
from sleepy.koans.verify import verify_koan
from sleepy.sandbox import Sandbox
from tests.koans.conftest import LIB, write_koan

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
