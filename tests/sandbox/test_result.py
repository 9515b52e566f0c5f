"""THE signature of a SandboxResult, for every outcome."""

from __future__ import annotations

from sleepy.diagnostics import Diagnostic, ErrorSignature
from sleepy.sandbox import IsolationLevel, Mode, Outcome, SandboxResult, TestFailure, TestSummary


def _result(outcome: Outcome, **fields: object) -> SandboxResult:
    return SandboxResult(outcome, Mode.TEST, IsolationLevel.BWRAP, **fields)  # type: ignore[arg-type]


def test_passed_has_no_signature() -> None:
    assert _result(Outcome.PASSED).signature() is None


def test_compile_error_uses_the_primary_diagnostic() -> None:
    diags = (Diagnostic("warning", "unused variable: `x`", "unused_variables"),
             Diagnostic("error", "borrow of moved value: `s`", "E0382"))
    result = _result(Outcome.COMPILE_ERROR, diagnostics=diags, reason="error[E0382]: borrow of moved value: `s`")
    assert result.signature() == ErrorSignature("E0382", "borrow of moved value: `{}`")
    assert result.errors == diags[1:]


def test_compile_error_without_diagnostics_falls_back_to_the_reason() -> None:
    result = _result(Outcome.COMPILE_ERROR, reason="compiler exited with signal SIGSEGV")
    assert str(result.signature()) == "compile_error: compiler exited with signal SIGSEGV"


def test_test_failure_uses_the_first_panic() -> None:
    tests = TestSummary(failed=2, finished=True, failures=(
        TestFailure("tests::a", "index out of bounds: the len is 2 but the index is 7"),
        TestFailure("tests::b", "boom"),
    ))
    result = _result(Outcome.TEST_FAILURE, tests=tests, reason="2 of 2 tests failed: tests::a, tests::b")
    assert str(result.signature()) == "test_failure: index out of bounds: the len is {n} but the index is {n}"


def test_crash_without_a_panic_uses_the_reason() -> None:
    result = _result(Outcome.TEST_FAILURE, tests=TestSummary(running="tests::x"),
                     reason="test program killed by SIGSEGV in `tests::x`")
    assert str(result.signature()) == "test_failure: test program killed by SIGSEGV in `{}`"


def test_limits_and_violations_are_coded_by_outcome() -> None:
    cases = {
        Outcome.TIMEOUT: ("test program exceeded the wall time limit (10 s)",
                          "timeout: test program exceeded the wall time limit ({n} s)"),
        Outcome.RESOURCE_LIMIT: ("test program hit the process limit (64)",
                                 "resource_limit: test program hit the process limit ({n})"),
        Outcome.SANDBOX_VIOLATION: ("src/lib.rs: line 1: extern crate `serde` is not allowed",
                                    "sandbox_violation: src/lib.rs: line {n}: extern crate `{}` is not allowed"),
    }
    for outcome, (reason, expected) in cases.items():
        result = _result(outcome, reason=reason)
        assert str(result.signature()) == expected
        assert "attempt" not in expected
    assert _result(Outcome.SANDBOX_VIOLATION, reason="x").violation == "x"
    assert _result(Outcome.TIMEOUT, reason="x").violation is None
