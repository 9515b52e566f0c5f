"""The `memory` baseline: recall without training. Earlier fixes of the same error, shown in the prompt.

At each step the agent asks for up to `k` earlier episodes of this run that passed on a train task and
whose first error matches the current one: the same error signature first, then the same error code,
then the same task family. Their before/after diff goes into the prompt. If that alone matches what
sleep trains into an adapter, the adapter has learned nothing a lookup would not give.

Only train tasks can be recalled: the store's query asks for the train split, and `recallable` checks
each episode against the task source's own train split again (the split guard, as curation has one),
so a heldout or frozen episode never reaches a prompt, however well it matches.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from attrs import frozen

from sleepy.agent.feedback import truncate
from sleepy.config import MemoryConfig
from sleepy.diagnostics import ErrorSignature
from sleepy.records import Task
from sleepy.store.rows import EpisodeRow


class RecallStore(Protocol):
    """The store question memory asks (`sleepy.store.EpisodeStore.recall_candidates`)."""

    def recall_candidates(self, run_id: str, *, signature: str | None, code: str | None, family: str | None,
                          limit: int = 100) -> list[EpisodeRow]: ...


@frozen
class RecalledFix:
    """One earlier fix shown to the model."""

    episode_id: str
    task_id: str
    signature: str | None
    diff: str


def recallable(rows: Sequence[EpisodeRow], train_task_ids: Collection[str]) -> list[EpisodeRow]:
    """The split guard: only episodes of tasks the task source itself puts in the train split."""
    return [row for row in rows if row.split == "train" and row.task_id in train_task_ids]


class EpisodeMemory:
    """Recalls earlier train fixes of a run for the agent's prompt; see the module docstring."""

    def __init__(self, store: RecallStore, run_id: str, train_task_ids: Collection[str], config: MemoryConfig) -> None:
        self.store = store
        self.run_id = run_id
        self.train_task_ids = frozenset(train_task_ids)
        self.config = config

    def recall(self, task: Task, signature: str | None) -> list[RecalledFix]:
        """Up to k fixes, one per task, best match first."""
        code = ErrorSignature.parse(signature).code if signature else None
        rows = self.store.recall_candidates(self.run_id, signature=signature, code=code, family=task.family or None)
        fixes: dict[str, RecalledFix] = {}
        for row in recallable(rows, self.train_task_ids):
            if row.steps_to_green == 0:
                continue  # passed with no model reply (rustc's suggestions, `rustfix_first`): no fix to show as one
            if row.task_id not in fixes:
                fixes[row.task_id] = RecalledFix(row.id, row.task_id, row.first_error_signature, row.final_diff)
            if len(fixes) == self.config.k:
                break
        return list(fixes.values())

    def prompt_block(self, task: Task, signature: str | None) -> str:
        """The text the prompt shows ('' when nothing matches)."""
        fixes = self.recall(task, signature)
        if not fixes:
            return ""
        parts = ["Fixes that worked for similar errors earlier (adapt them: this file may differ):"]
        for number, fix in enumerate(fixes, start=1):
            error = f" (error {fix.signature})" if fix.signature else ""
            parts.append(f"Fix {number}{error}:\n```diff\n{truncate(fix.diff.strip(), self.config.diff_chars)}\n```")
        return "\n\n".join(parts)
