"""Dreams: variants of a train koan (renamed names, a changed literal, reordered items), made from a seed.

A variant changes the buggy file and its reference fix the same way, so the fix still fixes the
bug. Nothing here runs code: `sleepy.curation.dreams.check` re-checks each variant in the sandbox.

The split guard lives here, not in the caller: a dream is only ever made from a task that the task
source itself puts in the train split, so a heldout or frozen koan can never reach training through
a variant of itself.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Mapping

import attrs
from attrs import frozen

from sleepy.curation.dreams.literals import (
    apply_literals,
    choose_literal_change,
    literal_candidates,
    shared_literals,
)
from sleepy.curation.dreams.rename import apply_renames, choose_renames, identifiers, rename_candidates
from sleepy.curation.dreams.reorder import item_order, movable_headers, reorder
from sleepy.curation.filters import SplitLeak
from sleepy.records import Task
from sleepy.sandbox.rust_tokens import TokenizeError

ATTEMPTS_PER_VARIANT = 3  # tries per wanted variant before giving up on a koan with little to vary


@frozen
class Dream:
    """One variant of a train task: its buggy file, its fix, and which mutations made it."""

    parent: Task
    index: int
    buggy: str
    fix: str
    mutations: tuple[str, ...]

    @property
    def path(self) -> str:
        return next(iter(self.parent.files))

    def task(self) -> Task:
        """The variant as a task for the verdict: its own files and tests, the parent's declared failure."""
        return attrs.evolve(self.parent, id=f"{self.parent.id}~dream{self.index}", files={self.path: self.buggy},
                            reference_files={self.path: self.fix},
                            origin=f"dream {self.index} of {self.parent.origin or self.parent.id}")


def train_parent(task_id: str, tasks: Mapping[str, Task]) -> Task:
    """The split guard: the task `task_id` as the task source serves it, refused unless it is a train task."""
    task = tasks.get(task_id)
    if task is None or task.split != "train":
        split = "unknown to the task source" if task is None else f"in the {task.split} split"
        raise SplitLeak(f"refusing to dream from task {task_id!r}: it is {split}; dreams are made from train "
                        "tasks only")
    return task


def make_dreams(task_id: str, tasks: Mapping[str, Task], *, count: int, seed: int) -> list[Dream]:
    """Up to `count` distinct variants of a train task, the same ones for the same seed.

    Every variant renames some of the names the file declares; odd-numbered ones also change one
    literal; any may reorder the top-level items when there are several. Raises `SplitLeak` for a
    task outside the train split.
    """
    parent = train_parent(task_id, tasks)
    path = next(iter(parent.files))
    buggy, fix = parent.files[path], (parent.reference_files or {}).get(path)
    if fix is None or count < 1:
        return []
    try:
        candidates = rename_candidates(buggy, fix)
        literals = literal_candidates(buggy, fix)
        shared = shared_literals(literals, buggy)
        taken = identifiers(buggy) | identifiers(fix)
        headers = movable_headers(buggy)
    except TokenizeError:
        return []
    seen = {(buggy, fix)}
    dreams: list[Dream] = []
    for attempt in range(count * ATTEMPTS_PER_VARIANT):
        if len(dreams) == count:
            break
        rng = random.Random(f"{seed}:{parent.id}:{attempt}")
        mutations, new_buggy, new_fix = [], buggy, fix
        renames = choose_renames(candidates, taken, rng)
        if renames:
            new_buggy, new_fix = apply_renames(new_buggy, renames), apply_renames(new_fix, renames)
            mutations.append("rename")
        if attempt % 2 == 1 and (change := choose_literal_change(shared or literals, rng, taken=literals)):
            new_buggy, new_fix = apply_literals(new_buggy, change), apply_literals(new_fix, change)
            mutations.append("literal")
        if len(headers) > 1:
            reordered = _reordered(new_buggy, new_fix, rng)
            if reordered is not None:
                new_buggy, new_fix = reordered
                mutations.append("reorder")
        if not mutations or (new_buggy, new_fix) in seen:
            continue
        seen.add((new_buggy, new_fix))
        dreams.append(Dream(parent, len(dreams), new_buggy, new_fix, tuple(mutations)))
    return dreams


def _reordered(buggy: str, fix: str, rng: random.Random) -> tuple[str, str] | None:
    """Both files with their items in one shuffled order; None when that leaves the order as it was or
    would make the fix's diff longer (an item the fix changed and that moved apart from the rest)."""
    headers = movable_headers(buggy)
    ranks = item_order(headers, rng)
    if [h for h, _ in sorted(ranks.items(), key=lambda pair: pair[1])] == headers:
        return None
    new_buggy, new_fix = reorder(buggy, ranks), reorder(fix, ranks)
    if new_buggy is None or new_fix is None:
        return None
    if changed_lines(new_buggy, new_fix) > changed_lines(buggy, fix):
        return None
    return new_buggy, new_fix


def changed_lines(before: str, after: str) -> int:
    """Lines removed plus lines added between two versions of a file."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return sum(1 for line in diff if line.startswith(("+ ", "- ")))
