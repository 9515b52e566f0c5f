"""Training pairs from the episode store: the agent's own fixes and reference fixes of its failures."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from sleepy.agent.edits import EditError, apply_search_replace, apply_unified_diff, parse_hunks
from sleepy.agent.replies import SEARCH_REPLACE, WHOLE_FILE
from sleepy.agent.view import view_of
from sleepy.curation.examples import TrainingExample
from sleepy.records import StepRecord, Task
from sleepy.store import EpisodeStore


def final_code(task: Task, final_diff: str) -> str | None:
    """The file an episode ended with, rebuilt from the task and the episode's diff."""
    original = next(iter(task.files.values()))
    if not final_diff:
        return original
    try:
        return apply_unified_diff(original, final_diff).text
    except EditError:
        return None


def own_fixes(store: EpisodeStore, tasks: Mapping[str, Task], *, run_id: str, cycle: int, phases: tuple[str, ...],
              source: str, weight: float) -> Iterator[TrainingExample]:
    """Passed episodes: the prompt of the passing step (a failing state) -> the reply that passed, or the
    restored, passing code when that reply edited the tests. A pass no model's reply made (rustc's
    suggestions alone, `agent.rustfix_first`) is no own fix: nothing to learn from it."""
    for row in store.find_episodes(run_id, cycle=cycle, phases=phases, passed=True):
        task = tasks.get(row.task_id)
        if task is None:
            continue
        steps = store.step_records(row.id)
        passing = [s for s in steps if s.outcome == "passed" and s.by_model]
        if not passing:
            continue
        step = passing[-1]
        # Episodes stored before the final code was (schema m007) have only their diff.
        code = row.final_code if row.final_code is not None else final_code(task, row.final_diff)
        if code is None:
            continue
        failing_before = [s for s in steps if s.idx < step.idx and s.error_signature]
        signature = failing_before[-1].error_signature if failing_before else task.expected_failure
        yield TrainingExample(step.messages, own_fix_target(step, code, task), source, weight,
                              task.id, task.family, task.split, signature, row.id, code)


def own_fix_target(step: StepRecord, code: str, task: Task) -> str:
    """What a passed step teaches: its reply, unless the reply changed the tests.

    The agent restores the original tests before running anything, so a reply that edited them can
    pass; learning that reply would teach test edits. Its target is the restored, passing `code`
    instead, written as the reply the prompt asked for.
    """
    if not (step.tool_result or {}).get("tests_restored"):
        return step.reply
    path = next(iter(task.files))
    if step.reply_format == SEARCH_REPLACE and (before := _before_step(code, step.diff, path)) is not None:
        return reference_target(before, code, SEARCH_REPLACE)
    # A whole file (of a crate task: the lines its prompt showed) is a reply the agent accepts in either
    # format, also when the prompt's file is unknown.
    return task_reference_target(task, code, code, WHOLE_FILE)


def _before_step(after: str, step_diff: str, path: str) -> str | None:
    """The file as the step's prompt showed it: `after` with the step's diff of `path` undone (None: unknown)."""
    header = f"--- a/{path}\n"
    if header not in step_diff:
        return None
    section = step_diff.split(header, 1)[1].split("\n--- a/", 1)[0]
    try:
        for old, new in parse_hunks(section):
            undone = apply_search_replace(after, "".join(f"{line}\n" for line in new),
                                          "".join(f"{line}\n" for line in old))
            if undone.fuzzy:  # an inexact match could undo the wrong lines
                return None
            after = undone.text
    except EditError:
        return None
    return after


def reference_target(current: str, fix: str, reply_format: str) -> str:
    """The reference fix written as the reply the prompt asked for."""
    if reply_format != SEARCH_REPLACE:
        return f"```rust\n{fix.rstrip()}\n```"
    a, b = current.splitlines(keepends=True), fix.splitlines(keepends=True)
    blocks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lo, hi = max(0, i1 - 1), min(len(a), i2 + 1)  # one line of context makes the SEARCH unique
        search = "".join(a[lo:hi])
        replace = "".join(a[lo:i1]) + "".join(b[j1:j2]) + "".join(a[i2:hi])
        blocks.append(f"<<<<<<< SEARCH\n{search.rstrip()}\n=======\n{replace.rstrip()}\n>>>>>>> REPLACE")
    return "\n".join(blocks)


def task_reference_target(task: Task, current: str, fix: str, reply_format: str) -> str:
    """`reference_target` for ``task``: a whole-file reply to a crate task rewrites only the lines its prompt
    showed (sleepy/agent/view.py), so its target is those lines of ``fix``."""
    if reply_format != SEARCH_REPLACE:
        fix = view_of(task, fix).excerpt(fix)
    return reference_target(current, fix, reply_format)


def reference_fixes(store: EpisodeStore, tasks: Mapping[str, Task], *, run_id: str, cycle: int,
                    weight: float) -> Iterator[TrainingExample]:
    """For each day episode whose first reply failed: its first prompt -> the task's reference fix.

    The first prompt is the first model reply's: after a `rustfix_first` step it shows rustc's suggested
    file, so the target's edits are made against that file (an episode rustc's suggestions passed had
    no prompt, so it has no pair)."""
    for row in store.retried_day_episodes(run_id, cycle):
        task = tasks.get(row.task_id)
        if task is None or not task.reference_files:
            continue
        steps = store.step_records(row.id)
        replies = [s for s in steps if s.by_model]
        if not replies or replies[0].outcome == "passed":
            continue  # no reply, or the first reply passed after rustc's suggestions: not retried
        first = replies[0]
        path, original = next(iter(task.files.items()))
        fix = task.reference_files.get(path)
        shown = _shown_first(original, steps, path)
        if fix is None or shown is None:
            continue
        target = task_reference_target(task, shown, fix, first.reply_format or WHOLE_FILE)
        yield TrainingExample(first.messages, target, "reference", weight, task.id, task.family, task.split,
                              first.error_signature or task.expected_failure, row.id, fix)


def _shown_first(original: str, steps: list[StepRecord], path: str) -> str | None:
    """The file the first model prompt showed: the task's, with a `rustfix_first` step's change applied
    unless the sandbox refused it (None: that change cannot be replayed)."""
    before = [s for s in steps[:1] if not s.by_model and s.outcome != "sandbox_violation" and s.diff]
    if not before:
        return original
    header = f"--- a/{path}\n"
    if header not in before[0].diff:
        return original
    section = before[0].diff.split(header, 1)[1].split("\n--- a/", 1)[0]
    try:
        return apply_unified_diff(original, section).text
    except EditError:
        return None
