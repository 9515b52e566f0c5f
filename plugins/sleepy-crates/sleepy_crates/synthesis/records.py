"""What verification records per mutant, and what a kept mutant (a task) carries."""

from __future__ import annotations

import enum
from typing import Any

import attrs
from attrs import frozen

from sleepy_crates.mutations import Mutation


class Bucket(enum.StrEnum):
    """Where one mutant ends up; every mutant lands in exactly one."""

    KEPT = "kept"  # the crate's tests catch it, or it fails to compile with a rustc error code
    NOT_CAUGHT = "not_caught"  # it builds and every test that passed on the pristine crate still passes
    UNVIABLE = "unviable"  # it fails in a way no task can be made of (see buckets.classify)
    TIMED_OUT = "timed_out"  # a test binary ran past the per-attempt limit (time, or memory)
    DUPLICATE = "duplicate"  # repeats an earlier mutant (see buckets.py)


BUCKETS: tuple[Bucket, ...] = tuple(Bucket)


@frozen
class CrateIdentity:
    """A crate as the task set pins it: name, version and a hash over its source files."""

    name: str
    version: str
    source_hash: str
    origin: str = "debian"  # "debian" or "path"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "source_hash": self.source_hash, "origin": self.origin}


@frozen
class Failure:
    """What the mutant did: tests that went from pass to fail, or the first compiler error."""

    kind: str  # "test_failure", a rustc code ("E0308"), or "compile_error" (an error without an E code)
    message: str  # the first failing test's panic message, or the first error's message
    code: str | None = None  # the first error's code (E0308; a lint name when a lint was denied)
    file: str | None = None  # where the first error points
    line: int | None = None
    failing_tests: tuple[tuple[str, str], ...] = ()  # (binary, name), sorted

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "code": self.code, "file": self.file,
                "line": self.line, "failing_tests": [list(key) for key in self.failing_tests]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Failure:
        return cls(data["kind"], data["message"], data.get("code"), data.get("file"), data.get("line"),
                   tuple((str(b), str(n)) for b, n in data.get("failing_tests", ())))


@frozen
class CrateTask:
    """One verified bug-fix task: a mutant of one function that the crate's tests or compiler catch.

    Restoring ``reference_fix`` (the original function) over ``buggy_function`` gives back the pristine
    file, whose build and tests passed: that is the reference run.
    """

    id: str
    crate: str
    file: str  # crate-relative path of the mutated file
    function: str  # the function's qualified path
    function_lines: tuple[int, int]  # 1-based, inclusive, in the mutated file
    operator: str
    mutation: Mutation
    failure: Failure
    passing_tests: tuple[tuple[str, str], ...]  # a seeded sample of tests that still pass, for the verdict
    buggy_function: str
    reference_fix: str

    @property
    def failing_tests(self) -> tuple[tuple[str, str], ...]:
        return self.failure.failing_tests

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "crate": self.crate, "file": self.file, "function": self.function,
            "function_lines": list(self.function_lines), "operator": self.operator,
            "mutation": attrs.asdict(self.mutation), "failure": self.failure.to_json(),
            "passing_tests": [list(key) for key in self.passing_tests],
            "buggy_function": self.buggy_function, "reference_fix": self.reference_fix,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CrateTask:
        first, last = data["function_lines"]
        return cls(
            data["id"], data["crate"], data["file"], data["function"], (int(first), int(last)), data["operator"],
            Mutation(**data["mutation"]), Failure.from_json(data["failure"]),
            tuple((str(b), str(n)) for b, n in data["passing_tests"]), data["buggy_function"],
            data["reference_fix"],
        )


@frozen
class MutantResult:
    """One line of a crate's verification journal: a mutant, its bucket, and its task when kept."""

    mutant_id: str
    file: str
    operator: str
    bucket: Bucket
    reason: str
    text_hash: str
    signature: str | None = None  # the duplicate signature of a mutant that failed as a task would
    seconds: float = 0.0
    task: CrateTask | None = None

    def to_json(self) -> dict[str, Any]:
        return {"mutant": self.mutant_id, "file": self.file, "operator": self.operator, "bucket": self.bucket.value,
                "reason": self.reason, "text_hash": self.text_hash, "signature": self.signature,
                "seconds": round(self.seconds, 3), "task": None if self.task is None else self.task.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MutantResult:
        task = data.get("task")
        return cls(data["mutant"], data["file"], data["operator"], Bucket(data["bucket"]), data["reason"],
                   data["text_hash"], data.get("signature"), float(data.get("seconds", 0.0)),
                   None if task is None else CrateTask.from_json(task))
