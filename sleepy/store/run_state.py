"""What a run decided along the way: training sets, gate decisions, finished phases and evaluation verdicts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from sleepy.store.rows import DatasetRecord, GateDecisionRecord
from sleepy.store.verdicts import TaskVerdict, read_verdicts, record_verdicts


class RunState:
    """The store's questions and writes about a run's datasets, decisions and phases (mixed into `EpisodeStore`)."""

    db: sqlite_utils.Database

    # --- datasets -----------------------------------------------------------------------------

    def record_dataset(self, digest: str, *, run_id: str, cycle: int, path: Path, examples: int,
                       source_counts: Mapping[str, int], lineage: Mapping[str, Any],
                       filter: Mapping[str, Any]) -> None:
        """Record a written training set; one already recorded under `digest` stays as it is (idempotent)."""
        with self.db.atomic():
            self.db.table("datasets").insert({
                "hash": digest, "run_id": run_id, "cycle": cycle, "created_at": datetime.now(UTC).isoformat(),
                "path": str(path), "examples": examples, "source_counts_json": json.dumps(dict(source_counts)),
                "lineage_json": json.dumps(dict(lineage)), "filter_json": json.dumps(dict(filter)),
            }, ignore=True)

    def dataset(self, digest: str) -> DatasetRecord | None:
        rows = list(self.db.query("select * from datasets where hash = ?", [digest]))
        return DatasetRecord.from_row(rows[0]) if rows else None

    def datasets(self, *, run_id: str | None = None, before_cycle: int | None = None,
                 newest_first: bool = False) -> list[DatasetRecord]:
        """Training sets, optionally of one run and of the cycles before `before_cycle`; oldest cycle first,
        or the most recently written first."""
        where: list[str] = ["1 = 1"]
        args: list[object] = []
        if run_id is not None:
            where.append("run_id = ?")
            args.append(run_id)
        if before_cycle is not None:
            where.append("cycle < ?")
            args.append(before_cycle)
        order = "created_at desc, rowid desc" if newest_first else "cycle, created_at, rowid"
        return [DatasetRecord.from_row(r)
                for r in self.db.query(f"select * from datasets where {' and '.join(where)} order by {order}", args)]

    # --- gate decisions -----------------------------------------------------------------------

    def record_gate_decision(self, *, run_id: str, cycle: int, candidate_id: str, current_id: str | None,
                             promoted: bool, results: Mapping[str, Any]) -> None:
        with self.db.atomic():
            self.db.table("gate_decisions").insert({
                "id": uuid.uuid4().hex, "run_id": run_id, "cycle": cycle, "candidate_id": candidate_id,
                "current_id": current_id, "promoted": int(promoted), "results_json": json.dumps(dict(results)),
                "created_at": datetime.now(UTC).isoformat()})

    def gate_decision(self, run_id: str, cycle: int) -> GateDecisionRecord | None:
        """The decision stored for a cycle (None: not gated yet)."""
        rows = list(self.db.query("select * from gate_decisions where run_id = ? and cycle = ?", [run_id, cycle]))
        return GateDecisionRecord.from_row(rows[0]) if rows else None

    # --- cycle phases -------------------------------------------------------------------------

    def mark_phase(self, run_id: str, cycle: int, phase: str, summary: Mapping[str, Any]) -> None:
        """Record that a cycle's phase finished, with what it did (replacing an earlier mark)."""
        with self.db.atomic():
            self.db.table("cycle_phases").insert({"run_id": run_id, "cycle": cycle, "phase": phase,
                                                  "finished_at": datetime.now(UTC).isoformat(),
                                                  "summary_json": json.dumps(dict(summary), default=str)},
                                                 replace=True)

    def finished_phases(self, run_id: str, cycle: int) -> set[str]:
        return {r["phase"] for r in self.db.query("select phase from cycle_phases where run_id = ? and cycle = ?",
                                                  [run_id, cycle])}

    def cycles_with_phase(self, run_id: str, phase: str) -> set[int]:
        """The cycles of a run whose `phase` finished."""
        return {r["cycle"] for r in self.db.query("select cycle from cycle_phases where run_id = ? and phase = ?",
                                                  [run_id, phase])}

    def phase_finish_times(self, run_id: str, cycle: int) -> dict[str, datetime]:
        """When each finished phase of a cycle was marked done (the last mark, for a phase marked again)."""
        return {r["phase"]: datetime.fromisoformat(r["finished_at"]) for r in self.db.query(
            "select phase, finished_at from cycle_phases where run_id = ? and cycle = ?", [run_id, cycle])}

    def phase_summary(self, run_id: str, cycle: int, phase: str) -> dict[str, Any] | None:
        """What a finished phase recorded (None: the phase has not finished)."""
        rows = list(self.db.query("select summary_json from cycle_phases where run_id = ? and cycle = ? and "
                                  "phase = ?", [run_id, cycle, phase]))
        return dict(json.loads(rows[0]["summary_json"])) if rows else None

    # --- evaluation verdicts ------------------------------------------------------------------

    def record_verdicts(self, run_id: str, adapter_id: str | None, verdicts: Iterable[TaskVerdict]) -> None:
        """Store (replacing earlier ones) the per-task verdicts of `adapter_id` (None: the base model)."""
        record_verdicts(self.db, run_id, adapter_id, verdicts)

    def verdicts(self, run_id: str, adapter_id: str | None, split: str) -> list[TaskVerdict]:
        """The stored verdicts of one adapter on one split, by task id."""
        return [TaskVerdict(r["task_id"], r["family"], r["split"], r["seeds"], r["passes"], r["task_check"])
                for r in read_verdicts(self.db, run_id, adapter_id, split)]
