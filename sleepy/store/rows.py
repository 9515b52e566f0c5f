"""Typed rows the store hands back: what the phases, the report and the dashboard read, decoded once here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen


def decode(text: str | None, default: Any) -> Any:
    """A JSON column's value (`default` for SQL null)."""
    return default if text is None else json.loads(text)


@frozen
class RunRecord:
    """One run: how it was started."""

    id: str
    created_at: str
    command: str
    config_hash: str
    seed: int
    sleepy_version: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RunRecord:
        return cls(row["id"], row["created_at"], row["command"], row["config_hash"], row["seed"],
                   row["sleepy_version"])


@frozen
class EpisodeRow:
    """One stored episode without its steps (`EpisodeStore.step_records` reads those)."""

    id: str
    run_id: str
    task_id: str
    outcome: str
    passed: bool
    cycle: int
    phase: str
    family: str
    split: str
    attempt_idx: int
    adapter_id: str | None
    seed: int
    config_hash: str
    steps: int
    steps_to_green: int | None
    first_error_signature: str | None
    final_error_signature: str | None
    final_diff: str
    # The file the episode ended with; None for episodes stored before m007 (rebuild it from the diff).
    final_code: str | None
    tokens_in: int
    tokens_out: int
    task_check: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EpisodeRow:
        return cls(
            id=row["id"], run_id=row["run_id"], task_id=row["task_id"], outcome=row["outcome"],
            passed=bool(row["passed"]), cycle=row["cycle"], phase=row["phase"], family=row["family"] or "",
            split=row["split"] or "", attempt_idx=row["attempt_idx"], adapter_id=row["adapter_id"],
            seed=row["seed"], config_hash=row["config_hash"] or "", steps=row["steps"] or 0,
            steps_to_green=row["steps_to_green"], first_error_signature=row["first_error_signature"],
            final_error_signature=row["final_error_signature"], final_diff=row["final_diff"] or "",
            final_code=row["final_code"], tokens_in=row["tokens_in"] or 0, tokens_out=row["tokens_out"] or 0,
            task_check=row["task_check"] or "test",
        )


@frozen
class EvalOutcome:
    """One cached evaluation episode: the task, the seed it ran under and whether it passed."""

    task_id: str
    seed: int
    passed: bool


@frozen
class DatasetRecord:
    """A written training set as the store recorded it: where its JSONL is and its lineage."""

    hash: str
    run_id: str
    cycle: int
    created_at: str
    path: Path
    examples: int
    source_counts: Mapping[str, int]
    lineage: Mapping[str, Any]  # episode_ids, sources_per_family, signature_clusters
    filter: Mapping[str, Any]  # {"dropped": {...}, plus the curation settings}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DatasetRecord:
        return cls(row["hash"], row["run_id"], row["cycle"], row["created_at"], Path(row["path"]), row["examples"],
                   decode(row["source_counts_json"], {}), decode(row["lineage_json"], {}),
                   decode(row["filter_json"], {}))


@frozen
class GateDecisionRecord:
    """A stored gate decision; `results` holds the gates' verdicts, the rates and the trained families."""

    id: str
    run_id: str
    cycle: int
    candidate_id: str
    current_id: str | None
    promoted: bool
    results: Mapping[str, Any]
    created_at: str

    @property
    def gates(self) -> list[dict[str, Any]]:
        return list(self.results["gates"])

    @property
    def rates(self) -> dict[str, Any]:
        return dict(self.results.get("rates", {}))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> GateDecisionRecord:
        return cls(row["id"], row["run_id"], row["cycle"], row["candidate_id"], row["current_id"],
                   bool(row["promoted"]), json.loads(row["results_json"]), row["created_at"])
