"""What a cycle did, typed: the cycle returns these records and the CLI formats them.

The JSON forms are what the phase marks store (the report reads a skipped gate's `checked` back)
and what the `sleepy_cycle_finished` hook receives; they keep the keys they always had.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy.phases.day import DaySummary
from sleepy.phases.gate import GateDecision
from sleepy.phases.sleep import SleepSummary


@frozen
class SleepSkipped:
    """The sleep phase found nothing to learn, so no candidate was trained."""

    note: str


@frozen
class SplitChecked:
    """How many of a split's tasks were evaluated (`n`) out of all it holds (`total`)."""

    n: int
    total: int


@frozen
class GateSkipped:
    """No candidate to gate; the model in use (`adapter_id`, None: the base model) was still measured."""

    note: str
    adapter_id: str | None
    checked: dict[str, SplitChecked]


@frozen
class CycleSummary:
    """What each phase of one cycle did; a phase finished by an earlier, killed run of the cycle is None."""

    cycle: int
    day: DaySummary | None
    sleep: SleepSummary | SleepSkipped | None
    gate: GateDecision | GateSkipped | None
    report: tuple[Path, ...]
    seconds: float

    def to_json(self) -> dict[str, Any]:
        """The cycle as the `sleepy_cycle_finished` hook receives it: only the phases this run did."""
        data: dict[str, Any] = {"cycle": self.cycle}
        if self.day is not None:
            data["day"] = day_json(self.day)
        if self.sleep is not None:
            data["sleep"] = sleep_json(self.sleep)
        if self.gate is not None:
            data["gate"] = gate_json(self.gate)
        data["report"] = report_json(self.report)
        data["seconds"] = self.seconds
        return data


def day_json(day: DaySummary) -> dict[str, Any]:
    return {"tasks": day.tasks, "passed": day.passed, "tokens_per_second": day.tokens_per_second}


def sleep_json(sleep: SleepSummary | SleepSkipped) -> dict[str, Any]:
    if isinstance(sleep, SleepSkipped):
        return {"examples": 0, "note": sleep.note}
    data: dict[str, Any] = {"dataset": sleep.dataset.hash, "examples": sleep.dataset.size,
                            "sources": dict(sleep.dataset.source_counts),
                            "candidate": sleep.candidate.id if sleep.candidate else None}
    if sleep.dreams is not None:
        data["dreams"] = sleep.dreams.to_json()
    return data


def gate_json(gate: GateDecision | GateSkipped) -> dict[str, Any]:
    if isinstance(gate, GateSkipped):
        return {"candidate": None, "adapter": gate.adapter_id,
                "checked": {split: {"n": c.n, "total": c.total} for split, c in gate.checked.items()},
                "note": gate.note}
    return {"candidate": gate.candidate_id, "promoted": gate.promoted, "decision": gate.label, "rates": gate.rates,
            "train_recall": gate.train_recall.to_json() if gate.train_recall else None}


def report_json(paths: tuple[Path, ...]) -> list[str]:
    return [str(p) for p in paths]
