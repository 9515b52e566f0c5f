from __future__ import annotations

import json
import sqlite3

import pytest
import sqlite_utils

from sleepy.errors import StoreError
from sleepy.store import EpisodeStore, applied_migrations, migrate, migration_names


def blank():
    return sqlite_utils.Database(memory=True, execute_plugins=False)


def test_migrating_a_blank_db_gives_the_exact_columns():
    db = blank()
    migrate(db)
    assert set(db.table_names()) == {"_sleepy_migrations", "runs", "episodes", "steps", "datasets", "adapters",
                                     "gate_decisions", "cycle_phases", "eval_verdicts"}
    assert list(db["eval_verdicts"].columns_dict) == [
        "run_id", "adapter_id", "split", "task_id", "family", "seeds", "passes", "passed", "updated_at", "task_check"]
    assert list(db["gate_decisions"].columns_dict) == [
        "id", "run_id", "cycle", "candidate_id", "current_id", "promoted", "results_json", "created_at"]
    assert db["cycle_phases"].pks == ["run_id", "cycle", "phase"]
    assert list(db["datasets"].columns_dict) == [
        "hash", "run_id", "cycle", "created_at", "path", "examples", "source_counts_json", "lineage_json",
        "filter_json"]
    assert list(db["adapters"].columns_dict) == [
        "id", "parent_id", "run_id", "cycle", "strategy", "dataset_hash", "base_model", "status", "path",
        "created_at", "updated_at", "metadata_json"]
    assert db["runs"].columns_dict == {
        "id": str, "created_at": str, "command": str, "config_hash": str, "config_json": str, "seed": int,
        "sleepy_version": str,
    }
    assert list(db["episodes"].columns_dict) == [
        "id", "run_id", "cycle", "phase", "task_id", "family", "split", "attempt_idx", "backend", "model",
        "adapter_id", "seed", "config_hash", "outcome", "passed", "steps", "steps_to_green",
        "first_error_signature", "final_error_signature", "final_diff", "tokens_in", "tokens_out", "started_at",
        "finished_at", "wall_seconds", "task_check", "final_code", "route",
    ]
    assert list(db["steps"].columns_dict) == [
        "episode_id", "idx", "reply_format", "messages_json", "reply", "action_json", "tool_result_json",
        "diagnostics_json", "error_signature", "diff", "outcome", "tokens_in", "tokens_out", "model_seconds",
        "tool_seconds",
    ]
    assert db["steps"].pks == ["episode_id", "idx"]
    assert [fk.other_table for fk in db["episodes"].foreign_keys] == ["runs"]
    # The PRD's columns are queryable directly.
    assert list(db["attempts"].columns_dict)[:6] == [
        "task_id", "attempt_idx", "error_signature", "diff", "passed", "steps_to_green",
    ]


def test_migrating_twice_is_a_no_op():
    db = blank()
    assert migrate(db) == migration_names()
    schema = db.execute("select sql from sqlite_master order by name").fetchall()
    assert migrate(db) == []
    assert db.execute("select sql from sqlite_master order by name").fetchall() == schema
    assert applied_migrations(db) == migration_names()


def test_a_store_from_before_stored_verdicts_gets_them_from_its_eval_episodes():
    from sleepy.store import migrations, read_verdicts

    db = blank()
    for fn in migrations.MIGRATIONS[:4]:
        fn(db)
    db["runs"].insert({"id": "r", "config_json": json.dumps({"evaluation": {"seeds": 3}})})
    outcomes = {("t1", None): [1, 1, 0], ("t2", None): [0, 1, 0], ("t1", "a1"): [0, 0, 1, 1]}  # idx 3: not a seed
    for (task, adapter), passed in outcomes.items():
        for k, ok in enumerate(passed):
            db["episodes"].insert({"id": f"{task}{adapter}{k}", "run_id": "r", "phase": "eval", "task_id": task,
                                   "family": "f", "split": "heldout", "adapter_id": adapter, "attempt_idx": k,
                                   "outcome": "x", "passed": ok})
    migrations.m005_eval_verdicts(db)
    migrations.m006_task_check(db)
    base = {r["task_id"]: (r["seeds"], r["passes"], r["passed"]) for r in read_verdicts(db, "r", None, "heldout")}
    assert base == {"t1": (3, 2, 1), "t2": (3, 1, 0)}
    assert [(r["task_id"], r["passes"], r["passed"]) for r in read_verdicts(db, "r", "a1", "heldout")] == [
        ("t1", 1, 0)]


def test_a_failing_migration_leaves_nothing_half_applied(monkeypatch):
    from sleepy.store import migrations

    def m999_broken(db):
        db["half"].create({"x": int})
        raise sqlite3.OperationalError("disk on fire")

    db = blank()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_broken])
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert not db["half"].exists()
    assert "m999_broken" not in applied_migrations(db)


def test_db_from_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "sleepy.db"
    EpisodeStore.open(path).close()
    db = sqlite_utils.Database(path)
    db["_sleepy_migrations"].insert({"name": "m099_from_the_future", "applied_at": "2030"})
    db.close()
    with pytest.raises(StoreError) as err:
        EpisodeStore.open(path)
    assert "newer sleepy-coder" in str(err.value) and "m099_from_the_future" in str(err.value)


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "sleepy.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(StoreError, match="not a SQLite database"):
        EpisodeStore.open(path)


def test_file_store_uses_wal(tmp_path):
    store = EpisodeStore.open(tmp_path / "sleepy.db")
    assert store.db.journal_mode == "wal"
