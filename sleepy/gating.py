"""What gates see and say. Gates are plugins (`sleepy.protocols.Gate`); the gate phase gathers their input and
applies them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen


def _readonly(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@frozen
class PairedOutcomes:
    """Per task of one split: did it pass under the current adapter and under the candidate."""

    current: Mapping[str, bool] = field(converter=_readonly)
    candidate: Mapping[str, bool] = field(converter=_readonly)

    @property
    def tasks(self) -> list[str]:
        return sorted(set(self.current) & set(self.candidate))

    def rate(self, which: str) -> float:
        outcomes = self.current if which == "current" else self.candidate
        tasks = self.tasks
        return sum(outcomes[t] for t in tasks) / len(tasks) if tasks else 0.0

    @property
    def fixed(self) -> list[str]:
        return [t for t in self.tasks if self.candidate[t] and not self.current[t]]

    @property
    def broken(self) -> list[str]:
        return [t for t in self.tasks if self.current[t] and not self.candidate[t]]


@frozen
class GateInput:
    """Everything a gate may look at for one decision."""

    candidate_id: str
    current_id: str | None
    splits: Mapping[str, PairedOutcomes] = field(converter=_readonly)
    dataset_filter: Mapping[str, Any] = field(factory=dict, converter=_readonly)
    dataset_task_splits: Mapping[str, str] = field(factory=dict, converter=_readonly)
    suite_sizes: Mapping[str, int] = field(factory=dict, converter=_readonly)  # split -> its tasks, limit or not


def checked_text(split: str, n: int, total: int | None) -> str:
    """"6 of 42 frozen koans checked" for a subset, so a subset is never read as the whole suite; else "n=42"."""
    return f"{n} of {total} {split} koans checked" if total is not None and n < total else f"n={n}"


PROMOTED_NO_GAIN = "promoted, no measured gain"


def decision_label(promoted: bool | None, rates: Mapping[str, Mapping[str, Any]]) -> str | None:
    """"promoted", "promoted, no measured gain" (no evaluated split's pass rate rose), "rejected"; None: no decision.

    A 0% -> 0% promotion only shows that nothing regressed; it must never read as progress.
    """
    if promoted is None:
        return None
    if not promoted:
        return "rejected"
    gained = any(r.get("n") and r["candidate"] > r["current"] + 1e-12 for r in rates.values())
    return "promoted" if gained else PROMOTED_NO_GAIN


@frozen
class GateResult:
    """One gate's verdict with the reasons a person reads."""

    gate: str
    passed: bool
    reasons: tuple[str, ...]
    metrics: Mapping[str, Any] = field(factory=dict, converter=_readonly)

    def to_json(self) -> dict[str, Any]:
        return {"gate": self.gate, "passed": self.passed, "reasons": list(self.reasons),
                "metrics": dict(self.metrics)}
