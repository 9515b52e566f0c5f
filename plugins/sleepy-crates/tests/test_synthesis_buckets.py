"""Buckets and duplicates without cargo: CrateRuns as the sandbox reports them, and the journal's guards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sleepy_crates.mutations import Mutation
from sleepy_crates.offline import CaseOutcome, CrateRun, TestCase
from sleepy_crates.synthesis import (
    Bucket,
    CrateIdentity,
    Failure,
    Journal,
    JournalError,
    MutantResult,
    classify,
    failure_signature,
    family,
    library_files,
)

from sleepy.diagnostics.model import Diagnostic, Span
from sleepy.sandbox import IsolationLevel, Outcome

BASELINE = frozenset({("lib:x", "tests::a"), ("lib:x", "tests::b"), ("test:it", "tests::a")})


def _mutation(expected: str = "test_failure") -> Mutation:
    return Mutation("remove_mut", "f", 0, 4, "mut ", "", 1, "drop mut", expected)


def _run(outcome: Outcome, cases: tuple[TestCase, ...] = (), diagnostics: tuple[Diagnostic, ...] = (),
         reason: str = "why") -> CrateRun:
    return CrateRun(outcome, reason, IsolationLevel.BWRAP, "", cases=cases, diagnostics=diagnostics)


def _error(code: str | None, message: str = "mismatched types") -> Diagnostic:
    return Diagnostic("error", message, code, (Span("src/lib.rs", 0, 1, 7, 7, 1, 2, True),))


def test_a_test_that_passed_before_and_fails_now_keeps_the_mutant() -> None:
    cases = (TestCase("lib:x", "tests::a", CaseOutcome.FAILED, "boom"),
             TestCase("lib:x", "tests::new", CaseOutcome.FAILED, "not in the baseline"),
             TestCase("lib:x", "tests::b", CaseOutcome.PASSED))
    bucket, _, failure = classify(_run(Outcome.TEST_FAILURE, cases), _mutation(), BASELINE)
    assert bucket is Bucket.KEPT and failure is not None
    assert failure.failing_tests == (("lib:x", "tests::a"),) and failure.message == "boom"


def test_a_crashed_binary_that_names_no_failing_test_is_unviable() -> None:
    bucket, reason, failure = classify(_run(Outcome.TEST_FAILURE, reason="lib:x: stack overflow"), _mutation(),
                                       BASELINE)
    assert bucket is Bucket.UNVIABLE and failure is None and "stack overflow" in reason


@pytest.mark.parametrize(("outcome", "bucket"), [(Outcome.PASSED, Bucket.NOT_CAUGHT),
                                                  (Outcome.TIMEOUT, Bucket.TIMED_OUT),
                                                  (Outcome.RESOURCE_LIMIT, Bucket.TIMED_OUT),
                                                  (Outcome.SANDBOX_VIOLATION, Bucket.UNVIABLE)])
def test_runs_that_make_no_task(outcome: Outcome, bucket: Bucket) -> None:
    assert classify(_run(outcome), _mutation(), BASELINE)[0] is bucket


def test_compile_errors_need_a_rustc_code_unless_compile_error_was_declared() -> None:
    coded = classify(_run(Outcome.COMPILE_ERROR, diagnostics=(_error("E0308"),)), _mutation(), BASELINE)
    assert coded[0] is Bucket.KEPT and coded[2] == Failure("E0308", "mismatched types", "E0308", "src/lib.rs", 7)
    lint = (_error("unused_variables", "unused variable: `x`"),)
    assert classify(_run(Outcome.COMPILE_ERROR, diagnostics=lint), _mutation(), BASELINE)[0] is Bucket.UNVIABLE
    declared = classify(_run(Outcome.COMPILE_ERROR, diagnostics=lint), _mutation("compile_error"), BASELINE)
    assert declared[0] is Bucket.KEPT and declared[2] is not None and declared[2].kind == "compile_error"
    cargo_only = classify(_run(Outcome.COMPILE_ERROR, reason="cargo: error: failed"), _mutation(), BASELINE)
    assert cargo_only[0] is Bucket.UNVIABLE


def test_the_duplicate_signature_is_function_family_and_observed_failure() -> None:
    fails_a = Failure("test_failure", "x", failing_tests=(("lib:x", "tests::a"),))
    fails_b = Failure("test_failure", "x", failing_tests=(("lib:x", "tests::b"),))
    same = failure_signature("f", "src/lib.rs", "comparison_operator", fails_a)
    assert same == failure_signature("f", "src/lib.rs", "arithmetic_operator", fails_a)  # one family
    assert same != failure_signature("f", "src/lib.rs", "off_by_one", fails_a)  # another family
    assert same != failure_signature("g", "src/lib.rs", "comparison_operator", fails_a)
    assert same != failure_signature("f", "src/lib.rs", "comparison_operator", fails_b)
    e0308 = Failure("E0308", "mismatched types", "E0308")
    assert failure_signature("f", "a.rs", "literal_type", e0308) == failure_signature("f", "a.rs", "result_variant",
                                                                                       e0308)
    assert family("remove_clone") == family("mutable_borrow") == "ownership"


def test_a_journal_for_other_sources_is_refused_and_a_cut_line_is_dropped(tmp_path: Path) -> None:
    crate = CrateIdentity("x", "1.0.0", "a" * 64)
    path = tmp_path / "verify.jsonl"
    with Journal(path, crate) as journal:
        journal.append(MutantResult("m1", "src/lib.rs", "off_by_one", Bucket.NOT_CAUGHT, "passes", "h1"))
        journal.append(MutantResult("m2", "src/lib.rs", "off_by_one", Bucket.KEPT, "kept", "h2"))
    path.write_text(path.read_text()[:-15])  # the second result, cut short
    assert list(Journal(path, crate).done) == ["m1"]
    with Journal(path, crate) as journal:
        journal.append(MutantResult("m3", "src/lib.rs", "off_by_one", Bucket.NOT_CAUGHT, "passes", "h3"))
    assert [json.loads(line).get("mutant") for line in path.read_text().splitlines()] == [None, "m1", "m3"]
    with pytest.raises(JournalError, match="field crate: written for"):
        Journal(path, CrateIdentity("x", "1.0.0", "b" * 64))


def test_library_files_leave_out_tests_build_scripts_and_cfg_test_modules(tmp_path: Path) -> None:
    for rel, text in {"src/lib.rs": "mod a;\n#[cfg(test)]\nmod helpers;\n#[cfg(all(test, unix))] mod more;\n",
                      "src/a.rs": "pub fn f() {}", "src/helpers.rs": "pub fn h() {}", "src/more/mod.rs": "",
                      "tests/it.rs": "", "build.rs": "fn main() {}", "examples/e.rs": ""}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert library_files(tmp_path) == ["src/a.rs", "src/lib.rs"]
    # With a build's dep-info, only what cargo compiled (a module behind a disabled feature is not).
    deps = tmp_path / "target" / "debug" / "deps"
    deps.mkdir(parents=True)
    (deps / "x-123.d").write_text("/crate/target/debug/deps/x-123: /crate/src/lib.rs\n/crate/src/lib.rs:\n")
    assert library_files(tmp_path) == ["src/lib.rs"]
