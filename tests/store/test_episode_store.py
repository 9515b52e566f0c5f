from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import attrs
import pytest

from sleepy.diagnostics import Diagnostic
from sleepy.records import EpisodeRecord, Message, StepRecord
from sleepy.store import EpisodeStore


def episode(i: int, steps: int = 3) -> EpisodeRecord:
    return EpisodeRecord(
        id=f"ep{i}", run_id="run1", task_id=f"borrow_{i:02d}", outcome="passed" if i % 2 else "failed",
        passed=bool(i % 2), attempt_idx=0, steps_to_green=steps if i % 2 else None,
        first_error_signature="E0502: cannot borrow `{}` as mutable because it is also borrowed as immutable",
        final_diff="-a\n+b\n",
        steps=tuple(StepRecord(idx=s, messages=(Message("user", "fix it"),), reply="```rust\n```",
                               diagnostics=(Diagnostic("error", "cannot borrow", code="E0502"),), tokens_in=10,
                               tokens_out=5)
                    for s in range(steps)),
    )


def test_round_trip(episode_store):
    episode_store.record_run("run1", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    episode_store.record_episode(episode(1))
    [row] = list(episode_store.episodes())
    assert (row["task_id"], row["passed"], row["steps"], row["tokens_in"], row["steps_to_green"]) == (
        "borrow_01", 1, 3, 30, 3)
    steps = episode_store.steps("ep1")
    assert [s["idx"] for s in steps] == [0, 1, 2]
    assert '"E0502"' in steps[0]["diagnostics_json"]
    [attempt] = episode_store.db.query("select * from attempts")
    assert attempt["error_signature"].startswith("E0502")


def test_a_failed_episode_write_leaves_nothing(episode_store):
    episode_store.record_run("run1", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    bad = episode(2)
    duplicate_step = StepRecord(idx=0)
    broken = attrs.evolve(bad, steps=(*bad.steps, duplicate_step))
    with pytest.raises(Exception):
        episode_store.record_episode(broken)
    assert list(episode_store.episodes()) == []
    assert episode_store.db["steps"].count == 0


WRITER = textwrap.dedent("""
    import sys
    from sleepy.store import EpisodeStore
    from tests.store.test_episode_store import episode
    store = EpisodeStore.open(sys.argv[1])
    store.record_run("run1", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    i = 0
    while True:
        store.record_episode(episode(i, steps=40))
        print(f"committed ep{i}", flush=True)
        i += 1
""")


def test_sigkill_mid_write_keeps_committed_episodes_and_no_partial_one(tmp_path):
    db_path = tmp_path / "sleepy.db"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True,
                            cwd=root, env={**os.environ, "PYTHONPATH": root})
    committed = []
    assert proc.stdout is not None
    for line in proc.stdout:
        committed.append(line.split()[1])
        if len(committed) >= 25:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    store = EpisodeStore.open(db_path)
    rows = {row["id"]: row for row in store.episodes()}
    assert set(committed) <= set(rows)
    for row in rows.values():  # every episode present is whole
        assert len(store.steps(row["id"])) == row["steps"] == 40
    orphans = store.db.execute("select count(*) from steps where episode_id not in (select id from episodes)")
    assert orphans.fetchone()[0] == 0
    store.close()
