"""The run's tasks: each split asked of the task source once, however many phases and cycles read it."""

from __future__ import annotations

from typing import Any

from sleepy.records import Task


class TaskCatalog:
    """Tasks by split, from one task source, each split read on first use and kept for the run.

    A limit takes the first tasks of the split, in the order the source serves them (the koans
    source interleaves families so that any prefix covers many).
    """

    def __init__(self, source: Any) -> None:
        self._source = source
        self._splits: dict[str | None, tuple[Task, ...]] = {}

    def _read(self, split: str | None) -> tuple[Task, ...]:
        if split not in self._splits:
            self._splits[split] = tuple(self._source.iter_tasks(split=split))
        return self._splits[split]

    def split(self, split: str | None, limit: int | None = None) -> list[Task]:
        """The tasks of `split` (None: every task), at most `limit` of them."""
        tasks = self._read(split)
        return list(tasks if limit is None else tasks[:limit])

    def size(self, split: str) -> int:
        """How many tasks the split holds, limit or not."""
        return len(self._read(split))

    def by_id(self, split: str | None = None) -> dict[str, Task]:
        """Task id -> task of `split` (None: every task), in the order the source serves them."""
        return {task.id: task for task in self._read(split)}
