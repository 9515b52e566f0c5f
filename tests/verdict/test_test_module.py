from __future__ import annotations

import pytest

from sleepy.verdict.test_module import TestModuleError, instrument_tests, qualify_std_macros

TESTS = """#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! check {
        ($e:expr) => { assert!($e) };
    }

    #[test]
    fn adds() {
        assert_eq!(add(2, 3), 5);
    }

    #[test]
    #[should_panic(expected = "overflow")]
    fn overflows() {
        add(i32::MAX, 1);
    }

    #[test]
    #[ignore = "slow"]
    fn slow() -> Result<(), String> {
        check!(vec![1].len() == 1);
        Ok(())
    }

    mod inner {
        #[test]
        fn deep() {
            ::std::assert!(true);
        }
    }
}
"""


def test_std_macros_are_called_by_absolute_path():
    out = qualify_std_macros(TESTS)
    assert "::std::assert_eq!(add(2, 3), 5);" in out
    assert "::std::vec![1]" in out and "=> { ::std::assert!($e) }" in out
    assert "macro_rules! check" in out and "check!(" in out  # the module's own macro is left alone
    assert "::std::::std::" not in out  # already absolute paths stay as they are
    assert out.count("\n") == TESTS.count("\n")


def test_every_test_gets_a_guard_on_its_own_line_and_the_proof_module_goes_inside():
    out = instrument_tests(TESTS, "mod proof {}")
    names = [(t.index, t.name, t.should_panic, t.ignored) for t in out.tests]
    assert names == [(0, "tests::adds", False, False), (1, "tests::overflows", True, False),
                     (2, "tests::slow", False, True), (3, "tests::inner::deep", False, False)]
    assert "fn adds() { let __sleepy_proof_guard = self::__sleepy_proof::Guard::enter(0);" in out.source
    assert "fn deep() { let __sleepy_proof_guard = super::__sleepy_proof::Guard::enter(3);" in out.source
    assert out.source.rstrip().endswith("mod proof {} }")
    assert out.source.count("\n") == TESTS.count("\n")  # rustc's line numbers still match the prompt


def test_a_module_without_mod_braces_is_an_error():
    with pytest.raises(TestModuleError, match="no `mod NAME"):
        instrument_tests("#[cfg(test)]\nfn x() {}\n", "")
    with pytest.raises(TestModuleError, match="does not lex"):
        instrument_tests('#[cfg(test)]\nmod t { const S: &str = "open; }\n', "")
