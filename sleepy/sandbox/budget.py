"""Which attempt budget an attempt ran into: the kernel's kill or ENOSPC says less than this."""

from __future__ import annotations

from pathlib import Path

from sleepy.sandbox import scratch
from sleepy.sandbox.cgroup import AttemptGroup
from sleepy.sandbox.limits import AttemptBudget
from sleepy.sandbox.result import Outcome
from sleepy.sandbox.watchdog import BudgetWatch


def budget_overrun(
    outcome: Outcome, group: AttemptGroup | None, capped_root: Path | None, budget: AttemptBudget, watch: BudgetWatch,
) -> str | None:
    """The reason to report when an attempt that did not pass ran out of memory, tasks or disk; else None."""
    if outcome in (Outcome.PASSED, Outcome.TIMEOUT):
        return None
    usage = group.usage() if group is not None else None
    if (usage is not None and usage.memory) or watch.exceeded == "memory":
        return f"the attempt exceeded its memory budget ({budget.memory_bytes} bytes, all processes together)"
    if usage is not None and usage.tasks:
        return f"the attempt exceeded its task budget ({budget.tasks} processes and threads together)"
    if (capped_root is not None and scratch.is_full(capped_root)) or watch.exceeded == "disk":
        return f"the attempt exceeded its disk budget ({budget.disk_bytes} bytes of files together)"
    return None
