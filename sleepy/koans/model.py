"""A koan on disk: metadata, the buggy lib.rs and its reference fix."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from attrs import frozen

from sleepy.records import DEFAULT_MAX_CHANGED_LINES, Check, Split, Task
from sleepy.sandbox.target import CrateKind, CrateTarget, Edition

KOAN_FILE = "koan.toml"
BUGGY_FILE = "lib.rs"
FIX_FILE = "fix.rs"
CRATE_PATH = "src/lib.rs"  # where the koan's source lives in the sandboxed crate
TEST_FAILURE = "test_failure"  # lib.rs compiles and a test fails
COMPILE_ERROR = "compile_error"  # lib.rs fails to compile, with any error (a code or none)
EXPECTED_FAILURE = re.compile(r"^(E\d{4}|test_failure|compile_error)$")


@frozen
class KoanMeta:
    """The fields of koan.toml."""

    id: str
    family: str
    expected_failure: str
    difficulty: int
    description: str
    check: Check = "test"  # "compile" for a koan without tests
    max_changed_lines: int = DEFAULT_MAX_CHANGED_LINES  # the change budget of a "compile" koan
    edition: Edition = "2021"
    crate_kind: CrateKind = "lib"  # "bin": a program with `fn main`
    split: Split | None = None  # the split `sleepy koans freeze` gives it; None: stratified by family

    @property
    def target(self) -> CrateTarget:
        """How the sandbox compiles this koan's crate."""
        return CrateTarget(self.edition, self.crate_kind)


@frozen
class Koan:
    """One koan as read from its directory."""

    meta: KoanMeta
    path: Path
    buggy: str
    fix: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def family(self) -> str:
        return self.meta.family

    @property
    def content_hash(self) -> str:
        """sha256 over the three files; the manifest pins it per split."""
        digest = hashlib.sha256()
        for name in (KOAN_FILE, BUGGY_FILE, FIX_FILE):
            digest.update(name.encode() + b"\0" + (self.path / name).read_bytes() + b"\0")
        return digest.hexdigest()

    def to_task(self, split: Split) -> Task:
        """The task the agent sees: the buggy source, with the fix kept for curation only."""
        return Task(
            id=self.id,
            family=self.family,
            split=split,
            files={CRATE_PATH: self.buggy},
            reference_files={CRATE_PATH: self.fix},
            expected_failure=self.meta.expected_failure,
            difficulty=self.meta.difficulty,
            description=self.meta.description,
            origin=f"koan:{self.path}",
            check=self.meta.check,
            max_changed_lines=self.meta.max_changed_lines,
            target=self.meta.target,
        )


def tests_module(source: str) -> str | None:
    """The `#[cfg(test)]` module at the end of a koan, which a fix must leave untouched."""
    index = source.find("#[cfg(test)]")
    return source[index:] if index >= 0 else None
