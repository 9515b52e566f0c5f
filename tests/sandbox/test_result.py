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


def test_test_failure_names_the_first_failing_test_by_name() -> None:
    # Report order is completion order; the signature must not depend on it.
    tests = TestSummary(failed=2, finished=True, failures=(
        TestFailure("tests::b", "boom"),
        TestFailure("tests::a", "index out of bounds: the len is 2 but the index is 7"),
    ))
    result = _result(Outcome.TEST_FAILURE, tests=tests, reason="2 of 2 tests failed: tests::b, tests::a")
    assert str(result.signature()) == "test_failure: tests::a: index out of bounds: the len is {n} but the index is {n}"


def _assert_eq_failure(test: str, left: str, right: str) -> SandboxResult:
    message = f"assertion `left == right` failed\n  left: {left}\n right: {right}"
    tests = TestSummary(failed=1, finished=True, failures=(TestFailure(test, message, "src/lib.rs:9:9"),))
    return _result(Outcome.TEST_FAILURE, tests=tests, reason=f"1 of 1 tests failed: {test}")


def test_assert_eq_failures_are_told_apart_by_test_and_shape() -> None:
    same_bug = [_assert_eq_failure("tests::earliest_wins", f'Some("{v}")', 'Some("Red cat")') for v in ("Big dog", "x")]
    assert same_bug[0].signature() == same_bug[1].signature()
    assert str(same_bug[0].signature()) == (
        'test_failure: tests::earliest_wins: assertion `left == right` failed (left: Some("{}"), right: Some("{}"))'
    )
    other_test = _assert_eq_failure("tests::empty_list", 'Some("Big dog")', 'Some("Red cat")')
    other_shape = _assert_eq_failure("tests::earliest_wins", "None", 'Some("Red cat")')
    signatures = {str(r.signature()) for r in (same_bug[0], other_test, other_shape)}
    assert len(signatures) == 3


def test_crash_without_a_panic_names_the_running_test() -> None:
    result = _result(Outcome.TEST_FAILURE, tests=TestSummary(running="tests::x"),
                     reason="test program killed by SIGSEGV in `tests::x`")
    assert str(result.signature()) == "test_failure: tests::x: test program killed by SIGSEGV in `{}`"
    no_tests = _result(Outcome.TEST_FAILURE, reason="test program exited with status 3 without a test summary")
    assert str(no_tests.signature()) == "test_failure: test program exited with status {n} without a test summary"


def test_a_timeout_names_the_test_that_was_running() -> None:
    result = _result(Outcome.TIMEOUT, tests=TestSummary(passed=1, running="tests::stuck"),
                     reason="test program exceeded the wall time limit (10 s)")
    assert str(result.signature()) == "timeout: tests::stuck: test program exceeded the wall time limit ({n} s)"


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
