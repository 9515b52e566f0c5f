"""The budget's fallback where the kernel cannot enforce it: poll the test program, kill it past the budget.

Without a cgroup (not root, no delegation) or a capped tmpfs (no right to mount), nothing stops
twelve processes of 400 MiB each or 80 files of 62 MiB each. While the test program runs, this
sums the resident memory of its process tree (``/proc/PID/statm``) and the size of the files in
the scratch dir every ``INTERVAL_S``, and the program is killed once either passes its budget.
It is weaker than the kernel's limits: a program can overshoot for up to one interval (tens of
MiB at memory or disk speed), and shared pages are counted once per process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sleepy.sandbox.process import descendants

INTERVAL_S = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE")


class BudgetWatch:
    """Checks one attempt against the parts of its budget the kernel does not enforce (None: not watched)."""

    def __init__(self, scratch: Path, *, memory_bytes: int | None, disk_bytes: int | None) -> None:
        self.scratch = scratch
        self.memory_bytes = memory_bytes
        self.disk_bytes = disk_bytes
        self.exceeded: str | None = None  # "memory" or "disk" once a check failed
        self.interval = INTERVAL_S

    def over_budget(self, root_pid: int) -> bool:
        """Measure now; True (and ``exceeded`` set) when the attempt is past its budget."""
        started = time.monotonic()
        if self.memory_bytes is not None and _tree_rss(root_pid) > self.memory_bytes:
            self.exceeded = "memory"
        elif self.disk_bytes is not None and _tree_bytes(self.scratch) > self.disk_bytes:
            self.exceeded = "disk"
        # A tree of many small files makes a walk slow: never spend more than half the time measuring.
        self.interval = max(INTERVAL_S, 2 * (time.monotonic() - started))
        return self.exceeded is not None


def _tree_rss(root_pid: int) -> int:
    total = 0
    for pid in {root_pid} | descendants(root_pid):
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue  # it exited while we looked
    return total


def _tree_bytes(root: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                continue
    return total
