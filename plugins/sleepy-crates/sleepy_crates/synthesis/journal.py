"""A crate's verification journal: one JSON line per mutant, written as it goes, so a rerun resumes.

The first line names the crate (name, version, source hash); a journal written for other sources
is refused rather than mixed. A line cut short by a kill is the attempt that was in flight: it is
ignored, and that mutant runs again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from sleepy import SleepyError
from sleepy_crates.synthesis.records import CrateIdentity, MutantResult

JOURNAL_FORMAT = 1


class JournalError(SleepyError):
    """A journal that belongs to other sources, or is unreadable; one line naming the file."""


class Journal:
    """Append-only results of one crate's verification; ``done`` holds what earlier runs finished."""

    def __init__(self, path: str | Path, crate: CrateIdentity) -> None:
        self.path = Path(path)
        self.crate = crate
        self.done: dict[str, MutantResult] = {}
        self._handle: IO[str] | None = None
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        lines = self.path.read_text(encoding="utf-8").splitlines()
        if not lines:
            return
        try:
            header = json.loads(lines[0])
        except ValueError:
            raise JournalError(f"{self.path}: line 1: not a journal header (invalid JSON)") from None
        pinned = header.get("crate") if isinstance(header, dict) else None
        if pinned != self.crate.to_json():
            raise JournalError(
                f"{self.path}: field crate: written for {pinned!r}, the crate now is {self.crate.to_json()!r}; "
                "remove the journal or use another work directory"
            )
        for number, line in enumerate(lines[1:], start=2):
            try:
                result = MutantResult.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError):
                if number == len(lines):
                    break  # the line a kill cut short
                raise JournalError(f"{self.path}: line {number}: not a mutant result") from None
            self.done[result.mutant_id] = result

    def append(self, result: MutantResult) -> None:
        """Record one mutant's result now (flushed and synced: a kill loses at most the attempt in flight)."""
        handle = self._open()
        handle.write(json.dumps(result.to_json(), sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
        self.done[result.mutant_id] = result

    def _open(self) -> IO[str]:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.exists() or self.path.stat().st_size == 0
            if not fresh:
                self._drop_cut_line()
            self._handle = self.path.open("a", encoding="utf-8")
            if fresh:
                header = {"journal": JOURNAL_FORMAT, "crate": self.crate.to_json()}
                self._handle.write(json.dumps(header, sort_keys=True) + "\n")
        return self._handle

    def _drop_cut_line(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            self.path.write_bytes(data[:data.rfind(b"\n") + 1])

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
