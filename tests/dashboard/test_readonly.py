"""Opening a run read-only and building the dashboard's rows: no streamlit needed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sleepy.dashboard import open_read_only, run_dir_from
from sleepy.dashboard.rows import render_diagnostics, steps
from sleepy.diagnostics import parse_diagnostics
from sleepy.errors import RunDirError, StoreError
from sleepy.records import EpisodeRecord, StepRecord
from sleepy.store import EpisodeStore


def make_run(tmp_path: Path) -> Path:
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    store = EpisodeStore.open(run_dir / "sleepy.db")
    store.record_run("r1", command="day", config_hash="h", config={}, seed=1, sleepy_version="0")
    store.record_episode(EpisodeRecord("e1", "r1", "alpha_00", "passed", True, split="train", steps_to_green=1))
    store.close()
    return run_dir


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    (["--run-dir", "a"], {"SLEEPY_RUN_DIR": "b"}, "a"),
    (["--run-dir=a"], {}, "a"),
    ([], {"SLEEPY_RUN_DIR": "b"}, "b"),
    ([], {}, "runs/default"),
])
def test_the_run_dir_comes_from_the_arguments_then_the_environment(argv, environ, expected):
    assert run_dir_from(argv, environ) == Path(expected)


def test_the_store_is_opened_read_only(tmp_path):
    store = open_read_only(make_run(tmp_path))
    assert [r["id"] for r in store.episodes()] == ["e1"]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("delete from episodes")
    store.close()


def test_unusable_run_dirs_are_one_line_errors(tmp_path):
    with pytest.raises(RunDirError, match="no such run directory"):
        open_read_only(tmp_path / "nope")
    with pytest.raises(RunDirError, match=r"no run here \(missing sleepy.db\)"):
        open_read_only(tmp_path)
    (tmp_path / "sleepy.db").write_text("hello")
    with pytest.raises(StoreError, match="cannot read the episode database"):
        open_read_only(tmp_path)


def test_schemas_it_does_not_know_are_refused_not_migrated(tmp_path):
    run_dir = make_run(tmp_path)
    with sqlite3.connect(run_dir / "sleepy.db") as conn:
        conn.execute("insert into _sleepy_migrations (name, applied_at) values ('m999_future', 'now')")
    with pytest.raises(StoreError, match=r"newer sleepy-coder.*m999_future"):
        open_read_only(run_dir)
    with sqlite3.connect(run_dir / "sleepy.db") as conn:
        conn.execute("delete from _sleepy_migrations where name in ('m999_future', 'm004_gates_cycles')")
    with pytest.raises(StoreError, match=r"older schema.*m004_gates_cycles.*sleepy db stats"):
        open_read_only(run_dir)


def test_diagnostics_are_shown_as_rustc_rendered_them(tmp_path):
    rendered = "error[E0382]: borrow of moved value: `v`\n --> src/lib.rs:4:5\n"
    diagnostics = [
        {"level": "error", "code": {"code": "E0382"}, "message": "borrow of moved value", "rendered": rendered},
        {"level": "error", "code": {"code": "E0499"}, "message": "second mutable borrow"},  # no rendering
        {"level": "warning", "code": None, "message": "unused variable"},
    ]
    run_dir = make_run(tmp_path)
    store = EpisodeStore.open(run_dir / "sleepy.db")
    store.record_episode(EpisodeRecord("e2", "r1", "alpha_01", "failed", False, steps=(
        StepRecord(0, diagnostics=parse_diagnostics("\n".join(json.dumps(d) for d in diagnostics))),)))
    store.close()
    store = open_read_only(run_dir)  # the dashboard reads the stored diagnostics through the store
    [step] = steps(store, "e2")
    assert step["diagnostics"] == (
        "error[E0382]: borrow of moved value: `v`\n --> src/lib.rs:4:5\n\nerror[E0499]: second mutable borrow\n\n"
        "warning: unused variable")
    store.close()
    assert render_diagnostics(()) == ""
