from __future__ import annotations

import json
import os

import pytest

from tests.koans.conftest import LIB
from tests.phases.conftest import alpha_koans

FIXED = LIB.replace("a - b", "a + b")


@pytest.fixture
def koans(tmp_path):
    return alpha_koans(tmp_path, 4)


def config(tmp_path, koans, replies, **agent):
    path = tmp_path / "day.yaml"  # JSON is valid YAML
    path.write_text(json.dumps({
        "backend": {"name": "scripted", "options": {"replies": replies}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}},
        "agent": {"max_steps": 1, "concurrency": 2, **agent},
        "reporters": [],
    }))
    return path


def test_day_stores_episodes_and_resumes(tmp_path, koans, sleepy_cli):
    reply = f"```rust\n{FIXED}```"
    cfg = config(tmp_path, koans, [reply] * 2)
    run_dir = tmp_path / "run"
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--split", "train", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "2 passed, 0 failed" in result.output
    lines = sleepy_cli("export", "episodes", "--run-dir", str(run_dir)).output.splitlines()
    assert [json.loads(line)["passed"] for line in lines] == [True, True]
    # Same run again: both tasks are done, no model call is needed (the queue is empty now).
    cfg_again = config(tmp_path, koans, [reply] * 2)
    result = sleepy_cli("day", "-c", str(cfg_again), "--run-dir", str(run_dir), "--split", "train", "--limit", "2")
    assert result.exit_code == 0 and "(2 already done)" in result.output
    assert (run_dir / "config.resolved.yaml").exists() and (run_dir / "seeds.json").exists()


def test_a_backend_failure_keeps_finished_episodes(tmp_path, koans, sleepy_cli):
    cfg = config(tmp_path, koans, [f"```rust\n{FIXED}```"], concurrency=1)
    run_dir = tmp_path / "run"
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "3")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "sleepy: error: scripted backend: no reply queued for request #2"
    stats = json.loads(sleepy_cli("db", "stats", "--run-dir", str(run_dir), "--json").output)
    assert stats["episodes"] == 1 and stats["passed"] == 1


def test_bad_config_is_exit_2(tmp_path, koans, sleepy_cli):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("backend: {name: nope}\n")
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(tmp_path / "run"))
    assert result.exit_code == 2 and "$.backend.name: backend 'nope' is not available" in result.output


def test_a_second_day_on_the_same_run_dir_is_refused_and_kill_9_frees_it(tmp_path, koans, sleepy_cli):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    run_dir = tmp_path / "run"
    holder = subprocess.Popen(  # stands in for a first `sleepy day` that is still running
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from sleepy.run_lock import hold_run_dir\n"
         "with hold_run_dir(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)", str(run_dir)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    try:
        assert holder.stdout.readline() == "held\n"
        cfg = config(tmp_path, koans, [f"```rust\n{FIXED}```"])
        result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "1")
        assert result.exit_code == 1
        assert result.output == (f"sleepy: error: {run_dir}: run dir is in use by pid {holder.pid}; wait for it to "
                                 "finish or use another --run-dir\n")
        assert not (run_dir / "sleepy.db").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "1")
    assert result.exit_code == 0 and "1 passed" in result.output


def test_a_reply_with_a_lone_surrogate_is_stored_and_fails_its_episode_while_the_day_goes_on(
        tmp_path, koans, sleepy_cli):
    surrogate = f"```rust\n// \ud800\n{FIXED}```"
    cfg = config(tmp_path, koans, [surrogate, f"```rust\n{FIXED}```"], concurrency=1, format_retries=0)
    run_dir = tmp_path / "run"
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "1 passed, 1 failed" in result.output
    from sleepy.store import EpisodeStore

    store = EpisodeStore.open(run_dir / "sleepy.db")
    first = next(store.episodes())
    assert first["outcome"] == "format_error"
    [step] = store.steps(first["id"])
    assert step["reply"] == surrogate.replace("\ud800", "\ufffd")
    assert "not valid Unicode" in json.loads(step["tool_result_json"])["error"]
    store.close()


def test_isolation_none_from_a_config_needs_the_unsafe_flag(tmp_path, koans, sleepy_cli):
    cfg = config(tmp_path, koans, [f"```rust\n{FIXED}```"], concurrency=1)
    data = json.loads(cfg.read_text())
    cfg.write_text(json.dumps({**data, "sandbox": {"isolation": "none"}}))
    run_dir = tmp_path / "run"
    refused = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "1")
    assert refused.exit_code == 2, refused.output
    assert refused.output.strip().splitlines() == [
        f"sleepy: error: {cfg}: $.sandbox.isolation: `none` runs model-written code unconfined "
        f"({'as root' if os.geteuid() == 0 else 'as this user'}); pass --unsafe-no-isolation to accept that, "
        "or use auto, bwrap or unshare"
    ]
    assert not run_dir.exists()  # refused before anything started
    accepted = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "1", "--unsafe-no-isolation")
    assert accepted.exit_code == 0, accepted.output
    assert "sandbox isolation none: no isolation" in accepted.output


def test_every_start_prints_and_records_its_isolation(tmp_path, koans, sleepy_cli):
    cfg = config(tmp_path, koans, [f"```rust\n{FIXED}```"], concurrency=1)
    run_dir = tmp_path / "run"
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run_dir), "--limit", "1")
    assert result.exit_code == 0, result.output
    recorded = json.loads((run_dir / "run.json").read_text())["isolation"]
    assert recorded["level"] in ("bwrap", "unshare") and recorded["command"] == "day"
    assert f"sleepy: sandbox isolation {recorded['level']}: {recorded['note']}" in result.output.splitlines()
