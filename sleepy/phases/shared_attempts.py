"""Attempts shared between runs that would make them identically: the arms of a comparison.

Every arm of `sleepy compare` measures the base model before it learns anything, and arms that differ
only in how they sleep make the same first day. An attempt of the model without an adapter depends on
the backend, the agent, the sandbox, the tools, the task and (when sampling) the seed; where those are
equal, the first run to make it keeps its episode here and the others copy it into their own store
instead of running it again. Greedy attempts (temperature 0) ignore the seed and the cycle: the model
answers the same prompt the same way. With the `memory` baseline on, the prompt depends on the run's
own history, so nothing is shared.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from sleepy.config import make_converter
from sleepy.fileio import write_atomically
from sleepy.records import EpisodeRecord, Task
from sleepy.sandbox.target import CrateTarget
from sleepy.version import sleepy_version

_CONVERTER = make_converter()
# Tool results are plain JSON values, kept as read.
_CONVERTER.register_structure_hook_func(lambda kind: kind is object, lambda value, _: value)


@frozen
class SharedAttempts:
    """A folder of episodes keyed by everything that decides them (one JSON file per key)."""

    folder: Path

    def key(self, snapshot: dict[str, Any], *, phase: str, task: Task, adapter_id: str | None, temperature: float,
            seed: int, attempt_idx: int) -> str | None:
        """The key of an attempt, or None where it must not be shared (an adapter, or memory on)."""
        if adapter_id is not None or snapshot.get("agent", {}).get("memory") is not None:
            return None
        sampled = temperature > 0
        task_material: dict[str, Any] = {
            "id": task.id, "split": task.split, "files": dict(task.files), "check": task.check,
            "max_changed_lines": task.max_changed_lines, "expected_failure": task.expected_failure}
        if task.target != CrateTarget():  # only then, so the keys of every default-target task stay as they were
            task_material["target"] = {"edition": task.target.edition, "kind": task.target.kind}
        material = {
            "sleepy": sleepy_version(),
            "backend": snapshot["backend"], "agent": snapshot["agent"], "sandbox": snapshot["sandbox"],
            "tools": snapshot["tools"], "phase": phase, "task": task_material,
            "seed": seed if sampled else None, "attempt_idx": attempt_idx if sampled else None,
        }
        blob = json.dumps(material, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def take(self, key: str, identity: dict[str, Any]) -> EpisodeRecord | None:
        """The kept episode of `key` as this run's own (`identity`: id, run, cycle, phase, ...), or None."""
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # not there yet, or unreadable: the attempt is simply run
        record = _CONVERTER.structure(data, EpisodeRecord)
        return evolve(record, **{**identity, "id": uuid.uuid4().hex})

    def keep(self, key: str, record: EpisodeRecord) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(_CONVERTER.unstructure(record), sort_keys=True) + "\n")
