"""Append-only, named schema migrations, applied once each and recorded in a table.

Never edit or reorder a migration that has shipped: add a new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

MIGRATIONS_TABLE = "_sleepy_migrations"
Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration."""
    MIGRATIONS.append(fn)
    return fn


def migration_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [fn.__name__ for fn in MIGRATIONS]


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations already applied to `db`, in the order they were applied."""
    if not db[MIGRATIONS_TABLE].exists():
        return []
    return [row["name"] for row in db.query(f"select name from {MIGRATIONS_TABLE} order by rowid")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    if not db[MIGRATIONS_TABLE].exists():
        db.table(MIGRATIONS_TABLE).create({"name": str, "applied_at": str}, pk="name")
    done = set(applied_migrations(db))
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        with db.atomic():  # DDL included: a crash leaves the migration wholly applied or not at all
            fn(db)
            db.execute(
                f"insert into {MIGRATIONS_TABLE} (name, applied_at) values (?, strftime('%Y-%m-%dT%H:%M:%fZ'))",
                [fn.__name__],
            )
        applied.append(fn.__name__)
    return applied


@migration
def m001_runs(db: sqlite_utils.Database) -> None:
    db.table("runs").create(
        {
            "id": str,
            "created_at": str,
            "command": str,
            "config_hash": str,
            "config_json": str,
            "seed": int,
            "sleepy_version": str,
        },
        pk="id",
    )


@migration
def m002_episodes(db: sqlite_utils.Database) -> None:
    db.table("episodes").create(
        {
            "id": str,
            "run_id": str,
            "cycle": int,
            "phase": str,
            "task_id": str,
            "family": str,
            "split": str,
            "attempt_idx": int,
            "backend": str,
            "model": str,
            "adapter_id": str,
            "seed": int,
            "config_hash": str,
            "outcome": str,
            "passed": int,
            "steps": int,
            "steps_to_green": int,
            "first_error_signature": str,
            "final_error_signature": str,
            "final_diff": str,
            "tokens_in": int,
            "tokens_out": int,
            "started_at": str,
            "finished_at": str,
            "wall_seconds": float,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
        not_null={"run_id", "task_id", "outcome", "passed", "attempt_idx"},
    )
    db.table("episodes").create_index(["run_id", "cycle", "task_id"])
    db.table("steps").create(
        {
            "episode_id": str,
            "idx": int,
            "reply_format": str,
            "messages_json": str,
            "reply": str,
            "action_json": str,
            "tool_result_json": str,
            "diagnostics_json": str,
            "error_signature": str,
            "diff": str,
            "outcome": str,
            "tokens_in": int,
            "tokens_out": int,
            "model_seconds": float,
            "tool_seconds": float,
        },
        pk=("episode_id", "idx"),
        foreign_keys=[("episode_id", "episodes", "id")],
        not_null={"episode_id", "idx"},
    )
    # The PRD's columns, queryable directly.
    db.create_view(
        "attempts",
        """select task_id, attempt_idx, first_error_signature as error_signature, final_diff as diff,
                  passed, steps_to_green, run_id, cycle, split, outcome, id as episode_id
           from episodes""",
    )


@migration
def m003_datasets_adapters(db: sqlite_utils.Database) -> None:
    db.table("datasets").create(
        {
            "hash": str,
            "run_id": str,
            "cycle": int,
            "created_at": str,
            "path": str,
            "examples": int,
            "source_counts_json": str,
            "lineage_json": str,
            "filter_json": str,
        },
        pk="hash",
    )
    db.table("adapters").create(
        {
            "id": str,
            "parent_id": str,
            "run_id": str,
            "cycle": int,
            "strategy": str,
            "dataset_hash": str,
            "base_model": str,
            "status": str,
            "path": str,
            "created_at": str,
            "updated_at": str,
            "metadata_json": str,
        },
        pk="id",
        not_null={"id", "status", "path"},
    )


@migration
def m004_gates_cycles(db: sqlite_utils.Database) -> None:
    db.table("gate_decisions").create(
        {
            "id": str,
            "run_id": str,
            "cycle": int,
            "candidate_id": str,
            "current_id": str,
            "promoted": int,
            "results_json": str,
            "created_at": str,
        },
        pk="id",
    )
    db.table("cycle_phases").create(
        {"run_id": str, "cycle": int, "phase": str, "finished_at": str, "summary_json": str},
        pk=("run_id", "cycle", "phase"),
    )


@migration
def m005_eval_verdicts(db: sqlite_utils.Database) -> None:
    """Per-task verdicts over evaluation seeds; a store from before them gets them from its eval episodes."""
    db.table("eval_verdicts").create(
        {
            "run_id": str,
            "adapter_id": str,  # null: the base model
            "split": str,
            "task_id": str,
            "family": str,
            "seeds": int,
            "passes": int,
            "passed": int,
            "updated_at": str,
        },
        not_null={"run_id", "split", "task_id", "seeds", "passes", "passed"},
    )
    db.table("eval_verdicts").create_index(["run_id", "split", "adapter_id"])
    for run in list(db.query("select id, config_json from runs")):
        evaluation = (json.loads(run["config_json"] or "{}") or {}).get("evaluation") or {}
        db.execute(
            "insert into eval_verdicts (run_id, adapter_id, split, task_id, family, seeds, passes, passed, "
            "updated_at) select run_id, adapter_id, split, task_id, min(family), count(*), "
            "sum(passed), 2 * sum(passed) >= count(*), strftime('%Y-%m-%dT%H:%M:%fZ') from episodes "
            "where run_id = ? and phase = 'eval' and attempt_idx < ? group by adapter_id, split, task_id",
            [run["id"], int(evaluation.get("seeds") or 1)])


@migration
def m006_task_check(db: sqlite_utils.Database) -> None:
    """How each task is judged (`test`, or `compile` for a task without tests), so compile-only passes count apart."""
    db.table("episodes").add_column("task_check", str, not_null_default="test")
    db.table("eval_verdicts").add_column("task_check", str, not_null_default="test")


@migration
def m007_final_code(db: sqlite_utils.Database) -> None:
    """The file each episode ended with, so curation need not rebuild it from the diff (null for older episodes)."""
    db.table("episodes").add_column("final_code", str)


@migration
def m008_route(db: sqlite_utils.Database) -> None:
    """Which routed adapter (sleepy.routing) wrote an episode's replies; null: the episode's adapter itself."""
    db.table("episodes").add_column("route", str)
