"""What a sandbox does once, when it is made: pick its jail, say what confines an attempt, clear leftovers."""

from __future__ import annotations

import os

from sleepy.sandbox import cgroup, scratch
from sleepy.sandbox.isolation import Jail, select_jail
from sleepy.sandbox.limits import AttemptBudget


def start_jail(isolation: str, budget: AttemptBudget, temp_parent: str | os.PathLike[str] | None) -> Jail:
    """The jail every run of a sandbox gets (raises IsolationUnavailable), its note naming the cgroup and
    scratch limits too; first the leftovers of a sleepy process killed with -9 go (its pid is in their
    names): its processes with their groups, whose mount namespaces would keep the dirs busy, then the dirs."""
    jail = select_jail(isolation)
    jail.note = f"{jail.note}; {cgroup.describe_support()}; {scratch.describe_support(budget.disk_bytes)}"
    cgroup.remove_stale_groups()
    scratch.remove_stale(temp_parent)
    return jail
