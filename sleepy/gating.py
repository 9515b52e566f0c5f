"""What gates see and say. Gates are plugins; the gate phase gathers their input and applies them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

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


@runtime_checkable
class PromotionGate(Protocol):
    def evaluate(self, gate_input: GateInput) -> GateResult:
        """Pass or fail the candidate, with reasons."""
        ...
