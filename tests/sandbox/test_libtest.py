"""Reading libtest's output: a captured real run, the older panic format, and killed programs."""

from __future__ import annotations

from pathlib import Path

from sleepy.sandbox import parse_libtest

FIXTURES = Path(__file__).parent / "fixtures"


def test_real_failures_fixture() -> None:
    # Captured from a rustc 1.95 test binary run by the sandbox (tests/sandbox/fixtures).
    summary = parse_libtest((FIXTURES / "libtest_failures.txt").read_text())
    assert (summary.passed, summary.failed, summary.ignored, summary.finished) == (1, 4, 1, True)
    assert not summary.ok and summary.total == 6
    failures = {f.name: f for f in summary.failures}
    assert summary.failing_names == (
        "tests::adds", "tests::indexes", "tests::returns_err", "tests::should_panic_but_does_not",
    )
    adds = failures["tests::adds"]
    assert adds.message == "assertion `left == right` failed\n  left: 0\n right: 4"
    assert adds.location == "src/lib.rs:8:17"
    indexes = failures["tests::indexes"]
    assert indexes.message == "index out of bounds: the len is 3 but the index is 10"
    assert "about to index" in indexes.output
    assert failures["tests::returns_err"].message == 'Error: "bad 0"'
    assert failures["tests::returns_err"].location is None
    not_panicked = failures["tests::should_panic_but_does_not"]
    assert (not_panicked.message, not_panicked.location) == ("test did not panic as expected", "src/lib.rs:13:8")


def test_all_passing() -> None:
    out = (
        "\nrunning 2 tests\ntest tests::a ... ok\ntest tests::b - should panic ... ok\n\n"
        "test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n"
    )
    summary = parse_libtest(out)
    assert summary.ok and summary.passed == 2 and summary.failures == () and summary.running is None


def test_pre_1_73_panic_format() -> None:
    out = (
        "running 1 test\ntest tests::t ... FAILED\n\nfailures:\n\n---- tests::t stdout ----\n"
        "thread 'tests::t' panicked at 'attempt to divide by zero', src/lib.rs:4:5\n"
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\n"
        "failures:\n    tests::t\n\n"
        "test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n"
    )
    (failure,) = parse_libtest(out).failures
    assert (failure.message, failure.location) == ("attempt to divide by zero", "src/lib.rs:4:5")


def test_killed_program_reports_what_it_saw_and_the_running_test() -> None:
    out = "\nrunning 3 tests\ntest tests::a ... ok\ntest tests::b ... ignored\ntest tests::c ... "
    summary = parse_libtest(out)
    assert (summary.passed, summary.ignored, summary.finished, summary.running) == (1, 1, False, "tests::c")
    assert not summary.ok


def test_empty_output() -> None:
    summary = parse_libtest("")
    assert summary.total == 0 and not summary.finished and not summary.ok


def test_fake_summary_in_test_output_does_not_win() -> None:
    fake = "test result: ok. 9 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s"
    out = (
        f"running 1 test\ntest tests::t ... FAILED\n\nfailures:\n\n---- tests::t stdout ----\n{fake}\n"
        "thread 'tests::t' (2) panicked at src/lib.rs:1:1:\nnope\n\nfailures:\n    tests::t\n\n"
        "test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n"
    )
    summary = parse_libtest(out)
    assert (summary.passed, summary.failed) == (0, 1)
    assert summary.failures[0].message == "nope"
