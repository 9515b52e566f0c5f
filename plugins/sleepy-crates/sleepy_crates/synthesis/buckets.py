"""Which bucket one attempt of a mutant falls in, and when two mutants count as the same task.

Kept: a test that passed on the pristine crate fails (``test_failure``), or the build fails with a
rustc error code (``E0308``). A build error without an E code (a denied lint, a syntax or macro
error) is kept only when the mutation declared ``compile_error``, the operators' word for "fails
to compile, code unpredictable". Everything else is not caught, unviable or timed out; see
``classify``.

Duplicates: the same mutated file text as an earlier mutant (found before any build), or the same
function, the same operator family and the same observed failure as an earlier kept mutant: the
same failing tests for a test failure, the same code and first message for a compile error. Such a
pair teaches one lesson twice, so only the first (in mutant order) is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection

from sleepy import Outcome
from sleepy_crates.mutations import COMPILE_ERROR, Mutation
from sleepy_crates.offline import CaseOutcome, CrateRun
from sleepy_crates.synthesis.records import Bucket, Failure

# The operator families are the mutation modules: operator swaps, control flow, values, ownership.
FAMILIES: dict[str, str] = {
    "arithmetic_operator": "operator", "comparison_operator": "operator", "logical_operator": "operator",
    "off_by_one": "control", "swap_arguments": "control", "invert_condition": "control",
    "delete_statement": "control",
    "default_body": "value", "option_variant": "value", "result_variant": "value", "literal_type": "value",
    "remove_question_mark": "ownership", "remove_reference": "ownership", "remove_mut": "ownership",
    "remove_clone": "ownership", "mutable_borrow": "ownership",
}
_RUSTC_CODE = re.compile(r"^E\d{4}$")
_MESSAGE_CHARS = 2000


def family(operator: str) -> str:
    """The operator's family (an unknown operator is a family of its own)."""
    return FAMILIES.get(operator, operator)


def classify(
    run: CrateRun, mutation: Mutation, baseline_passed: Collection[tuple[str, str]],
) -> tuple[Bucket, str, Failure | None]:
    """The bucket of one attempt, a one-line reason, and for a kept mutant what it did."""
    if run.outcome is Outcome.PASSED:
        return Bucket.NOT_CAUGHT, "every test still passes", None
    if run.outcome in (Outcome.TIMEOUT, Outcome.RESOURCE_LIMIT):
        return Bucket.TIMED_OUT, run.reason, None
    if run.outcome is Outcome.TEST_FAILURE:
        return _test_failure(run, baseline_passed)
    if run.outcome is Outcome.COMPILE_ERROR:
        return _compile_error(run, mutation)
    return Bucket.UNVIABLE, f"{run.outcome.value}: {run.reason}", None


def _test_failure(run: CrateRun, baseline_passed: Collection[tuple[str, str]]) -> tuple[Bucket, str, Failure | None]:
    failed = sorted(key for key in run.keys(CaseOutcome.FAILED) if key in baseline_passed)
    if not failed:
        # A binary that crashed (a stack overflow, an abort) names no failing test a verdict could check.
        return Bucket.UNVIABLE, f"a test binary failed without a failing test that passed before: {run.reason}", None
    first = next(case for case in run.cases if case.key == failed[0])
    failure = Failure("test_failure", first.message[:_MESSAGE_CHARS], failing_tests=tuple(failed))
    return Bucket.KEPT, f"{len(failed)} test(s) fail", failure


def _compile_error(run: CrateRun, mutation: Mutation) -> tuple[Bucket, str, Failure | None]:
    errors = run.errors
    if not errors:
        return Bucket.UNVIABLE, f"the build failed without a compiler error: {run.reason}", None
    first = errors[0]
    code = first.code
    if code is not None and _RUSTC_CODE.match(code):
        kind = code
    elif mutation.expected_failure == COMPILE_ERROR:
        kind = COMPILE_ERROR
    else:
        return Bucket.UNVIABLE, f"a compile error without a rustc code ({code or 'none'}): {first.message}", None
    span = first.primary_span
    failure = Failure(kind, first.message[:_MESSAGE_CHARS], code, span.file_name if span else None,
                      span.line_start if span else None)
    return Bucket.KEPT, f"compile error {code or '(no code)'}", failure


def failure_signature(function: str, file: str, operator: str, failure: Failure) -> str:
    """Two kept mutants with the same signature are duplicates: same function, family and observed failure."""
    observed = ("tests", *(f"{b}::{n}" for b, n in failure.failing_tests)) if failure.kind == "test_failure" \
        else ("compile", failure.code or failure.kind, failure.message)
    text = "\0".join((file, function, family(operator), *observed))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def text_hash(file: str, text: str) -> str:
    """Identifies a mutated file's whole text: two mutants with the same one are the same program."""
    return hashlib.sha256(f"{file}\0{text}".encode()).hexdigest()[:16]
