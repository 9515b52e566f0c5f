"""What one sandbox run produced: outcome, diagnostics, test summary, output and timings."""

from __future__ import annotations

import enum

from attrs import frozen

from sleepy.diagnostics.model import Diagnostic
from sleepy.diagnostics.signature import (
    ErrorSignature,
    named_template,
    panic_template,
    rustc_template,
    signature_from_diagnostics,
    signature_from_panic,
)
from sleepy.sandbox.isolation import IsolationLevel
from sleepy.sandbox.libtest import TestFailure, TestSummary


class Mode(enum.StrEnum):
    """What a run does with the crate."""

    CHECK = "check"  # type-check the lib and test targets
    TEST = "test"  # build the test binary and run it
    CLIPPY = "clippy"  # clippy on the lib and test targets with -D warnings


class Outcome(enum.StrEnum):
    """How a run ended."""

    PASSED = "passed"
    COMPILE_ERROR = "compile_error"  # includes clippy lints denied by -D warnings
    TEST_FAILURE = "test_failure"
    TIMEOUT = "timeout"  # wall-clock or CPU time ran out
    RESOURCE_LIMIT = "resource_limit"  # memory, processes, file size or output
    SANDBOX_VIOLATION = "sandbox_violation"  # refused before anything ran


@frozen
class SandboxResult:
    """The result of ``Sandbox.run``; ``stdout``/``stderr`` are the test program's, capped."""

    outcome: Outcome
    mode: Mode
    isolation: IsolationLevel
    isolation_note: str = ""
    reason: str = ""  # why it did not pass: the violation, the limit hit, the failing tests
    diagnostics: tuple[Diagnostic, ...] = ()
    tests: TestSummary | None = None
    compiler_output: str = ""  # rustc's raw JSON lines, capped
    compiler_output_truncated: bool = False
    stdout: str = ""
    stdout_truncated: bool = False
    stderr: str = ""
    stderr_truncated: bool = False
    exit_code: int | None = None  # of the test program
    signal: str | None = None  # e.g. "SIGXFSZ" when the test program was killed by one
    compile_seconds: float = 0.0
    run_seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when the outcome is ``passed``."""
        return self.outcome is Outcome.PASSED

    @property
    def violation(self) -> str | None:
        """The policy violation, for ``sandbox_violation`` results."""
        return self.reason if self.outcome is Outcome.SANDBOX_VIOLATION else None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The error-level diagnostics (lints denied by -D warnings included)."""
        return tuple(d for d in self.diagnostics if d.is_error)

    def rendered_diagnostics(self) -> str:
        """The diagnostics as rustc would print them to a terminal, for people and prompts."""
        return "".join(d.rendered or f"{d.level}: {d.message}\n" for d in self.diagnostics)

    def signature(self) -> ErrorSignature | None:
        """THE error signature of this run; None when it passed.

        A compile error gives rustc's signature; a test failure names the failing test (the first
        by name) and its panic's template; timeouts, resource limits and violations get a signature
        coded by the outcome, named after the test that was running when one was.
        """
        if self.outcome is Outcome.PASSED:
            return None
        if self.outcome is Outcome.COMPILE_ERROR:
            return signature_from_diagnostics(self.diagnostics) or ErrorSignature(
                self.outcome.value, rustc_template(self.reason)
            )
        failure = _first_failure(self.tests)
        if self.outcome is Outcome.TEST_FAILURE and failure is not None and failure.message:
            return signature_from_panic(failure.message, test=failure.name)
        test = failure.name if failure is not None else self.tests.running if self.tests is not None else None
        template = panic_template if self.outcome is Outcome.TEST_FAILURE else rustc_template
        return ErrorSignature(self.outcome.value, named_template(test, template(self.reason)))


def _first_failure(tests: TestSummary | None) -> TestFailure | None:
    # By name, not report order: the order tests finish in is not part of the mistake.
    return min(tests.failures, key=lambda f: f.name) if tests is not None and tests.failures else None
