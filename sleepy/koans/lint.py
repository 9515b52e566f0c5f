"""House rules `sleepy koans verify --strict` adds: the shipped koans keep them, own collections need not."""

from __future__ import annotations

from sleepy.koans.model import BUGGY_FILE, Koan

MIN_LINES, MAX_LINES = 10, 40  # non-blank lines of lib.rs: one screen, one bug, tests included


def strict_problems(koan: Koan) -> tuple[str, ...]:
    """A line per house rule `koan` breaks."""
    lines = sum(1 for line in koan.buggy.splitlines() if line.strip())
    if not MIN_LINES <= lines <= MAX_LINES:
        return (f"{BUGGY_FILE} has {lines} non-blank lines; --strict wants {MIN_LINES}-{MAX_LINES}",)
    return ()
