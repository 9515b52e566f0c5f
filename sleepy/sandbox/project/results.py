"""What one cargo run of a project produced: per-test outcomes keyed by binary, diagnostics, timings."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

from attrs import frozen

from sleepy.diagnostics.model import Diagnostic
from sleepy.sandbox.isolation import IsolationLevel
from sleepy.sandbox.libtest import TestSummary
from sleepy.sandbox.result import Outcome

# Which tests an attempt runs: binary key ("lib:NAME", "test:NAME", "doc:NAME") -> exact test
# names (empty: every test of that binary).
TestSelection = Mapping[str, Sequence[str]]


class CaseOutcome(enum.StrEnum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"
    IGNORED = "ignored"


@frozen
class CargoTestCase:
    """One test of one test binary; names repeat across binaries, so the key is both."""

    __test__ = False  # not a pytest class despite the name

    binary: str  # "lib:strsim" (unit tests), "test:lib" (tests/lib.rs), "doc:strsim" (doc tests)
    name: str
    outcome: CaseOutcome
    message: str = ""  # the panic message of a failed test

    @property
    def key(self) -> tuple[str, str]:
        """(binary, name): unique within a run."""
        return self.binary, self.name


@frozen
class BinaryRun:
    """How one test binary ended."""

    binary: str
    outcome: Outcome
    reason: str
    summary: TestSummary
    exit_code: int | None
    signal: str | None
    seconds: float
    stdout: str = ""
    stdout_truncated: bool = False
    stderr: str = ""  # where a verdict's completion proof is written
    stderr_truncated: bool = False


@frozen
class CargoUnit:
    """A compilation unit cargo reported: built now, or ``fresh`` (reused from the build cache)."""

    package: str  # "strsim@0.10.0"
    kind: str  # "lib", "test", "bin", "example", "custom-build", ...
    name: str
    test: bool  # built as a test harness
    fresh: bool
    executable: str | None = None


@frozen
class ProjectRun:
    """The result of building a project's tests and running them in the sandbox, offline."""

    outcome: Outcome
    reason: str
    isolation: IsolationLevel
    isolation_note: str
    cases: tuple[CargoTestCase, ...] = ()
    binaries: tuple[BinaryRun, ...] = ()
    units: tuple[CargoUnit, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    cargo_stderr: str = ""  # cargo's own messages ("error: failed to select a version ..."), capped
    copy_seconds: float = 0.0  # putting the cached crate and target dir into the attempt's scratch dir
    build_seconds: float = 0.0
    test_seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """Built, and every selected test passed."""
        return self.outcome is Outcome.PASSED

    @property
    def first_error_code(self) -> str | None:
        """The code of the first compiler error (``E0308``), None when there is none or it has no code."""
        errors = [d for d in self.diagnostics if d.is_error]
        return errors[0].code if errors else None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The compiler's error-level diagnostics."""
        return tuple(d for d in self.diagnostics if d.is_error)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per binary: how many tests passed, failed and were ignored."""
        table: dict[str, dict[str, int]] = {}
        for case in self.cases:
            row = table.setdefault(case.binary, {o.value: 0 for o in CaseOutcome})
            row[case.outcome.value] += 1
        return table

    def keys(self, outcome: CaseOutcome) -> frozenset[tuple[str, str]]:
        """The (binary, name) keys of the tests that ended with ``outcome``."""
        return frozenset(case.key for case in self.cases if case.outcome is outcome)

    @property
    def compiled(self) -> tuple[CargoUnit, ...]:
        """The units compiled by this run (not reused from the cache)."""
        return tuple(unit for unit in self.units if not unit.fresh)

    @property
    def seconds(self) -> float:
        """Copy, build and test time together."""
        return self.copy_seconds + self.build_seconds + self.test_seconds
