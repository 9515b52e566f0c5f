"""Questions about stored runs, episodes and steps, answered with typed rows."""

from __future__ import annotations

import enum
from typing import Any

import sqlite_utils

from sleepy.diagnostics import Diagnostic, diagnostic_from_json
from sleepy.records import RUSTFIX_FIRST, Message, StepRecord
from sleepy.store.rows import EpisodeRow, EvalOutcome, RunRecord, decode


class Any_(enum.Enum):
    """`ANY`: a filter that matches every value (unlike None, which matches SQL null: the base model)."""

    ANY = "any"


ANY = Any_.ANY
EPISODE_FILTERS = ("cycle", "phase", "split", "outcome", "task_id")


def _diagnostics(text: str | None) -> tuple[Diagnostic, ...]:
    return tuple(diagnostic_from_json(d) for d in decode(text, []) if isinstance(d, dict))


def step_from_row(row: dict[str, Any]) -> StepRecord:
    """A stored step as the agent recorded it."""
    return StepRecord(
        idx=row["idx"], reply_format=row["reply_format"] or "",
        messages=tuple(Message(m["role"], m["content"]) for m in decode(row["messages_json"], [])),
        reply=row["reply"] or "", action=decode(row["action_json"], None),
        tool_result=decode(row["tool_result_json"], None), diagnostics=_diagnostics(row["diagnostics_json"]),
        error_signature=row["error_signature"], diff=row["diff"] or "", outcome=row["outcome"] or "",
        tokens_in=row["tokens_in"] or 0, tokens_out=row["tokens_out"] or 0,
        model_seconds=row["model_seconds"] or 0.0, tool_seconds=row["tool_seconds"] or 0.0,
    )


class EpisodeQueries:
    """The store's questions about runs and episodes (mixed into `EpisodeStore`)."""

    db: sqlite_utils.Database

    def runs(self) -> list[RunRecord]:
        """Every run recorded in the store, oldest first."""
        return [RunRecord.from_row(r) for r in self.db.query(
            "select id, created_at, command, config_hash, seed, sleepy_version from runs order by created_at, rowid")]

    def find_episodes(self, run_id: str, *, cycle: int | None = None, phase: str | None = None,
                      split: str | None = None, outcome: str | None = None, task_id: str | None = None,
                      phases: tuple[str, ...] | None = None, passed: bool | None = None,
                      adapter_id: str | Any_ | None = ANY) -> list[EpisodeRow]:
        """Episodes of a run in the order they were recorded; each given filter must match (None: any, except
        `adapter_id`, where None is the base model and ANY is any)."""
        where: list[str] = ["run_id = ?"]
        args: list[object] = [run_id]
        for column, value in (("cycle", cycle), ("phase", phase), ("split", split), ("outcome", outcome),
                              ("task_id", task_id)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if phases is not None:
            where.append(f"phase in ({','.join('?' * len(phases))})")
            args += phases
        if passed is not None:
            where.append("passed = ?")
            args.append(int(passed))
        if not isinstance(adapter_id, Any_):
            where.append("adapter_id is ?")
            args.append(adapter_id)
        return [EpisodeRow.from_row(r) for r in self.db.query(
            f"select * from episodes where {' and '.join(where)} order by rowid", args)]

    def retried_day_episodes(self, run_id: str, cycle: int) -> list[EpisodeRow]:
        """Day episodes whose first reply did not pass (failed, or passed after more than one step)."""
        return [EpisodeRow.from_row(r) for r in self.db.query(
            "select * from episodes where run_id = ? and cycle = ? and phase = 'day' and (passed = 0 or steps > 1) "
            "order by rowid", [run_id, cycle])]

    def episode_task_ids(self, run_id: str, cycle: int, phase: str) -> set[str]:
        """Tasks that have an episode in this run, cycle and phase (what a resumed phase skips)."""
        return {row["task_id"] for row in self.db.query(
            "select task_id from episodes where run_id = ? and cycle = ? and phase = ?", [run_id, cycle, phase])}

    def task_outcomes(self, run_id: str, cycle: int, phase: str) -> dict[str, bool]:
        """task id -> whether any of its episodes in this cycle and phase passed."""
        return {r["task_id"]: bool(r["ok"]) for r in self.db.query(
            "select task_id, max(passed) as ok from episodes where run_id = ? and cycle = ? and phase = ? "
            "group by task_id", [run_id, cycle, phase])}

    def eval_outcomes(self, run_id: str, adapter_id: str | None, attempt_idx: int,
                      config_hash: str, cycle: int | None = None, *, phase: str = "eval") -> list[EvalOutcome]:
        """Evaluation episodes of one adapter (None: the base model) under one seed index and config (and of one
        cycle, when given); `phase`: the gate's `eval`, or the phase `sleepy eval` keeps a collection's under."""
        where = "run_id = ? and phase = ? and adapter_id is ? and attempt_idx = ? and config_hash = ?"
        args: list[object] = [run_id, phase, adapter_id, attempt_idx, config_hash]
        if cycle is not None:
            where += " and cycle = ?"
            args.append(cycle)
        return [EvalOutcome(r["task_id"], r["seed"], bool(r["passed"])) for r in self.db.query(
            f"select task_id, seed, passed from episodes where {where} order by rowid", args)]

    def recall_candidates(self, run_id: str, *, signature: str | None, code: str | None, family: str | None,
                          limit: int = 100) -> list[EpisodeRow]:
        """Passing train-split episodes of a run, with a diff, whose first error signature is `signature`, or
        whose first error has the error code `code`, or whose task is of `family`: in that order of match, the
        most recent first within each (what the `memory` baseline recalls; it re-checks the split itself)."""
        prefix = f"{code}: " if code else None  # a signature's text is "code: template"
        return [EpisodeRow.from_row(r) for r in self.db.query(
            "select *, case when first_error_signature = :signature then 0 "
            "when substr(first_error_signature, 1, length(:prefix)) = :prefix then 1 else 2 end as match_rank "
            "from episodes where run_id = :run_id and split = 'train' and passed = 1 and final_diff != '' "
            "and (first_error_signature = :signature or substr(first_error_signature, 1, length(:prefix)) = :prefix "
            "or family = :family) order by match_rank, rowid desc limit :limit",
            {"run_id": run_id, "signature": signature, "prefix": prefix, "family": family, "limit": limit})]

    def episode_cycles(self, run_id: str) -> list[int]:
        """The cycles that have episodes, in order."""
        return sorted({r["cycle"] for r in self.db.query("select distinct cycle from episodes where run_id = ?",
                                                         [run_id])})

    def episode_values(self, run_id: str, column: str) -> list[Any]:
        """The distinct values of one filter column (see `EPISODE_FILTERS`) in a run's episodes, sorted."""
        if column not in EPISODE_FILTERS:
            raise ValueError(f"episode_values: {column!r} is not one of {', '.join(EPISODE_FILTERS)}")
        return [r[column] for r in self.db.query(
            f"select distinct {column} from episodes where run_id = ? and {column} is not null order by {column}",
            [run_id])]

    def adapters_used(self, run_id: str, cycle: int, phase: str, split: str) -> list[str | None]:
        """The adapters (None: the base model) that ran a cycle's episodes of one phase and split, most first."""
        return [r["adapter_id"] for r in self.db.query(
            "select adapter_id, count(*) as n from episodes where run_id = ? and cycle = ? and phase = ? "
            "and split = ? group by adapter_id order by n desc, adapter_id", [run_id, cycle, phase, split])]

    def failure_pairs(self, run_id: str, cycle: int, phase: str) -> set[tuple[str, str]]:
        """(task id, error signature) of every failing model step of a cycle's episodes in one phase (not the
        agent's own `rustfix_first` step: what rustc's suggestions leave is no mistake of the model's)."""
        return {(r["task_id"], r["error_signature"]) for r in self.db.query(
            "select e.task_id, s.error_signature from steps s join episodes e on e.id = s.episode_id "
            "where e.run_id = ? and e.cycle = ? and e.phase = ? and s.error_signature is not null "
            "and coalesce(json_extract(s.action_json, '$.actions[0].via'), '') != ?",
            [run_id, cycle, phase, RUSTFIX_FIRST])}

    def step_records(self, episode_id: str) -> list[StepRecord]:
        """One episode's steps, in order, decoded (diagnostics included)."""
        return [step_from_row(r) for r in self.db.query("select * from steps where episode_id = ? order by idx",
                                                        [episode_id])]

