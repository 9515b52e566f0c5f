from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from sleepy import hookimpl
from sleepy.config import load_config, resolve
from sleepy.errors import RunDirError
from sleepy.run_dir import RunDirectory


@pytest.fixture
def resolved_for(tmp_path, register_plugin, sleepy_registry):
    class Tasks:
        @hookimpl
        def sleepy_register_task_sources(self, register):
            register.add("none", lambda options: [])

    register_plugin(Tasks(), name="tasks")

    def make(text):
        path = tmp_path / "config.yaml"
        path.write_text(text)
        return resolve(load_config(path), sleepy_registry(), str(path))

    return make


def test_start_writes_snapshot_seeds_and_run_row(tmp_path, resolved_for):
    run_dir = RunDirectory(tmp_path / "run")
    info, store = run_dir.start(resolved_for("backend: scripted\ntasks: none\nseed: 7\n"), command="day",
                                version="1.0")
    snapshot = yaml.safe_load(run_dir.config_snapshot.read_text())
    assert snapshot["seed"] == 7 and snapshot["backend"]["options"]["model"] == "scripted"
    seeds = json.loads(run_dir.seeds.read_text())
    assert seeds["seed"] == 7 and len({seeds[k] for k in ("day", "sleep", "training", "evaluation")}) == 4
    [row] = list(store.db.query("select * from runs"))
    assert (row["id"], row["seed"], row["config_hash"]) == (info.run_id, 7, info.config_hash)
    store.close()


def test_restart_with_same_config_resumes_the_same_run(tmp_path, resolved_for):
    run_dir = RunDirectory(tmp_path / "run")
    first, s1 = run_dir.start(resolved_for("backend: scripted\ntasks: none\n"), command="day", version="1")
    second, s2 = run_dir.start(resolved_for("backend: scripted\ntasks: none\n"), command="day", version="1")
    assert first.run_id == second.run_id
    assert s2.db.table("runs").count == 1
    s1.close()
    s2.close()


def test_restart_with_another_config_is_refused(tmp_path, resolved_for):
    run_dir = RunDirectory(tmp_path / "run")
    _, store = run_dir.start(resolved_for("backend: scripted\ntasks: none\n"), command="day", version="1")
    store.close()
    with pytest.raises(RunDirError, match="different config"):
        run_dir.start(resolved_for("backend: scripted\ntasks: none\nseed: 9\n"), command="day", version="1")


def test_start_removes_temp_files_a_killed_writer_left(tmp_path, resolved_for):
    dead = subprocess.Popen(["true"])
    dead.wait()
    run_dir = RunDirectory(tmp_path / "run")
    run_dir.adapters.mkdir(parents=True)
    stale = [run_dir.adapters / f".active.json.{dead.pid}.tmp", run_dir.path / f".run.json.{dead.pid}.tmp"]
    live = run_dir.adapters / f".active.json.{os.getpid()}.tmp"  # a writer still at work keeps its file
    for path in [*stale, live]:
        path.write_text("{")
    _, store = run_dir.start(resolved_for("backend: scripted\ntasks: none\n"), command="day", version="1")
    store.close()
    assert [p for p in stale if p.exists()] == [] and live.exists()
