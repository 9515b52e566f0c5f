"""Per-task evaluation verdicts: what the gate decided each task was (pass or fail over its seeds).

The gate stores them and the report, plots and dashboard count them, so every figure agrees with
the decision also when `evaluation.seeds > 1`. Each seed's episode stays in `episodes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from attrs import frozen

TABLE = "eval_verdicts"


@frozen
class TaskVerdict:
    """One task of one split under one adapter: how many of its evaluation seeds passed."""

    task_id: str
    family: str
    split: str
    seeds: int  # episodes counted, one per seed
    passes: int
    task_check: str = "test"  # "compile": a task without tests, whose passes are counted apart

    @property
    def passed(self) -> bool:
        """A task passes when it passes under at least half of its seeds."""
        return 2 * self.passes >= self.seeds > 0


def record_verdicts(db: sqlite_utils.Database, run_id: str, adapter_id: str | None,
                    verdicts: Iterable[TaskVerdict]) -> None:
    """Store (replacing earlier ones) the verdicts of `adapter_id` (None: the base model), in one transaction."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    verdicts = list(verdicts)
    with db.atomic():
        for v in verdicts:
            db.execute(f"delete from {TABLE} where run_id = ? and adapter_id is ? and split = ? and task_id = ?",
                       [run_id, adapter_id, v.split, v.task_id])
        db.table(TABLE).insert_all({"run_id": run_id, "adapter_id": adapter_id, "split": v.split, "task_id": v.task_id,
                                    "family": v.family, "seeds": v.seeds, "passes": v.passes,
                                    "passed": int(v.passed), "task_check": v.task_check, "updated_at": now}
                                   for v in verdicts)


def read_verdicts(db: sqlite_utils.Database, run_id: str, adapter_id: str | None, split: str) -> list[dict[str, Any]]:
    """The stored verdict rows (task_id, family, seeds, passes, passed, task_check) of one adapter on one split."""
    return list(db.query(f"select task_id, family, split, seeds, passes, passed, task_check from {TABLE} "
                         "where run_id = ? and adapter_id is ? and split = ? order by task_id",
                         [run_id, adapter_id, split]))
