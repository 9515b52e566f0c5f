"""Dreams re-checked in the sandbox like `sleepy koans verify` checks a koan, and the kept ones as training pairs.

A variant is kept only when its buggy file fails as its koan declares, its fix passes the verdict
without warnings and (when curation requires it) clippy -D warnings; the others are dropped and
counted by the first check they failed. A kept variant becomes a pair: the prompt the agent would
see at the variant's buggy state (the same prompt builder and feedback as a day episode's first
step) -> the variant's fix written in the run's reply format.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from attrs import frozen

from sleepy.agent.feedback import render_result
from sleepy.agent.prompts import build_messages, task_message
from sleepy.curation.dreams.variants import Dream, make_dreams
from sleepy.curation.examples import TrainingExample
from sleepy.curation.sources import reference_target
from sleepy.koans.verify import PairCheck, check_pair
from sleepy.records import Task
from sleepy.sandbox import Sandbox

SOURCE = "dreams"


@frozen
class CheckedDream:
    dream: Dream
    check: PairCheck
    seconds: float


@frozen
class DreamReport:
    """How many variants one sleep made and checked, how many it kept, and why the others were dropped."""

    made: int  # variants checked in the sandbox (at most the per-sleep limit)
    kept: int
    dropped: Mapping[str, int]  # first failed check -> variants
    seconds: float  # sandbox wall time of all checks
    by_mutation: Mapping[str, tuple[int, int]]  # mutation -> (variants made with it, kept)

    def line(self) -> str:
        """The sleep phase's output line."""
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items()))
        return f"dreams: {self.kept} kept of {self.made}" + (f" (dropped: {why})" if why else "") + \
            f" in {self.seconds:.1f} s"

    def to_json(self) -> dict[str, Any]:
        return {"made": self.made, "kept": self.kept, "dropped": dict(self.dropped),
                "seconds": round(self.seconds, 2),
                "by_mutation": {name: {"made": made, "kept": kept}
                                for name, (made, kept) in sorted(self.by_mutation.items())}}


def check_dreams(dreams: Sequence[Dream], sandbox: Sandbox, *, clippy: bool, jobs: int = 2) -> list[CheckedDream]:
    """Each dream checked like a koan (`sleepy.koans.verify.check_pair`), `jobs` at a time; in input order."""
    def one(dream: Dream) -> CheckedDream:
        start = time.perf_counter()
        checked = check_pair(dream.task(), sandbox, clippy=clippy, stop_early=True)
        return CheckedDream(dream, checked, time.perf_counter() - start)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, dreams))


def dream_pair(checked: CheckedDream, *, reply_format: str, feedback_chars: int, weight: float) -> TrainingExample:
    """A kept dream as a training pair (see the module docstring)."""
    dream, buggy = checked.dream, checked.check.buggy
    if buggy is None or not checked.check.ok:
        raise ValueError(f"dream {dream.index} of {dream.parent.id} did not pass its checks")
    user = task_message(path=dream.path, source=dream.buggy, feedback=render_result(buggy, feedback_chars),
                        reply_format=reply_format, attempt=0, target=dream.parent.target)
    signature = buggy.signature()
    parent = dream.parent
    return TrainingExample(build_messages(user), reference_target(dream.buggy, dream.fix, reply_format), SOURCE,
                           weight, parent.id, parent.family, parent.split,
                           str(signature) if signature else parent.expected_failure, None, dream.fix)


def dream_examples(task_ids: Iterable[str], tasks: Mapping[str, Task], sandbox: Sandbox, *, per_task: int,
                   limit: int, seed: int, clippy: bool, reply_format: str, feedback_chars: int, weight: float,
                   jobs: int = 2) -> tuple[list[TrainingExample], DreamReport]:
    """Dream up to `per_task` variants of each task in `task_ids` (train tasks only: `make_dreams` refuses any
    other), check at most `limit` of them, first variants of every task before second ones, and turn the kept
    ones into pairs."""
    per_parent = [make_dreams(task_id, tasks, count=per_task, seed=seed) for task_id in task_ids]
    ordered = [dreams[k] for k in range(per_task) for dreams in per_parent if k < len(dreams)][:limit]
    start = time.perf_counter()
    checked = check_dreams(ordered, sandbox, clippy=clippy, jobs=jobs)
    report = summarize(checked, time.perf_counter() - start)
    pairs = [dream_pair(c, reply_format=reply_format, feedback_chars=feedback_chars, weight=weight)
             for c in checked if c.check.ok]
    return pairs, report


def summarize(checked: Sequence[CheckedDream], seconds: float) -> DreamReport:
    """Made, kept and dropped (by the first check failed, and per mutation) of checked dreams."""
    kept = [c for c in checked if c.check.ok]
    dropped = Counter(c.check.problems[0][0] for c in checked if not c.check.ok)
    made_by: Counter[str] = Counter(m for c in checked for m in c.dream.mutations)
    kept_by: Counter[str] = Counter(m for c in kept for m in c.dream.mutations)
    return DreamReport(len(checked), len(kept), dict(dropped), seconds,
                       {m: (made_by[m], kept_by[m]) for m in sorted(made_by)})
