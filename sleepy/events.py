"""Values passed to observer hooks: what happened, never something to act on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from attrs import field, frozen


def _readonly(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@frozen
class RunInfo:
    """The run a command works on."""

    run_id: str
    run_dir: Path
    command: str
    config_hash: str
    seed: int


@frozen
class EpisodeEvent:
    """One finished attempt at a task, as observers see it."""

    episode_id: str
    task_id: str
    split: str
    cycle: int
    attempt_idx: int
    outcome: str
    passed: bool
    steps: int
    steps_to_green: int | None
    error_signature: str | None
    tokens_out: int
    seconds: float


@frozen
class PhaseProgress:
    """Progress through a long phase (day, sleep, gate, training)."""

    phase: str
    done: int
    total: int | None
    info: Mapping[str, Any] = field(factory=dict, converter=_readonly)
