"""The sleep phase's exploration and teacher samples: which tasks, how often, under which seeds and backend."""

from __future__ import annotations

import json
import re

import pytest
from attrs import frozen

from sleepy import hookimpl, option
from sleepy.config import derive_seed
from sleepy.koans import freeze, load_koans
from sleepy.records import Completion
from sleepy.run_dir import RunDirectory
from tests.koans.conftest import LIB, write_koan

SEEN: list[tuple[str, float, int | None]] = []  # (backend, temperature, seed) of every request


@frozen
class TeacherOptions:
    size: int = option("How large a teacher.", default=1)


class RecordingBackend:
    """Returns the task's code unchanged (the student) or fixed (the teacher); records each request."""

    def __init__(self, name, fix):
        self.name, self.fix = name, fix

    def complete(self, request):
        SEEN.append((self.name, request.params.temperature, request.params.seed))
        source = re.search(r"```rust\n(.*?)\n```", request.messages[-1].content, re.S).group(1)
        if self.fix:
            source = source.replace("a - b", "a + b")
        return Completion(f"```rust\n{source}\n```", tokens_in=10, tokens_out=20)

    def complete_many(self, requests):
        return [self.complete(r) for r in requests]

    def describe(self):
        return {"backend": self.name, "model": f"{self.name}-model", "adapter_id": None}


class Backends:
    def __init__(self):
        self.announced: list[tuple[str, int]] = []  # (phase, done) of every progress event
        self.finished: list[tuple[int, str]] = []  # (attempt, task) of every finished episode

    @hookimpl
    def sleepy_phase_progress(self, progress):
        self.announced.append((progress.phase, progress.done))

    @hookimpl
    def sleepy_episode_finished(self, episode):
        self.finished.append((episode.attempt_idx, episode.task_id))

    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("student", lambda options: RecordingBackend("student", False))
        register.add("teacher", lambda options: RecordingBackend("teacher", True), options=TeacherOptions)


@pytest.fixture
def run(tmp_path, register_plugin):
    backends = register_plugin(Backends(), name="backends")
    root = tmp_path / "koans"
    for i in range(6):
        write_koan(root, "alpha", f"alpha_{i:02d}", lib=LIB.replace("two numbers", f"two numbers {i}"))
    freeze(root, load_koans(root))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": "student", "seed": 7, "tasks": {"name": "koans", "options": {"path": str(root)}},
        "curation": {"exploration": True, "exploration_samples": 2, "exploration_temperature": 0.5,
                     "teacher": "teacher", "require_clippy": False},
        "agent": {"max_steps": 1, "format_retries": 0, "concurrency": 2}, "reporters": []}))
    SEEN.clear()
    return cfg, tmp_path / "run", backends


def episodes(run, phase):
    store = RunDirectory(run).open_store()
    try:
        return sorted((r["task_id"], r["attempt_idx"], r["seed"], r["backend"], r["model"], r["adapter_id"],
                       r["passed"]) for r in store.db.query("select * from episodes where phase = ?", [phase]))
    finally:
        store.close()


def test_exploration_and_teacher_sample_every_failing_train_task_under_their_documented_seeds(run, sleepy_cli):
    cfg, directory, backends = run
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(directory)).exit_code == 0
    train = sorted({e[0] for e in episodes(directory, "day")})
    assert train and not any(e[-1] for e in episodes(directory, "day"))
    SEEN.clear()
    backends.announced.clear(), backends.finished.clear()
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(directory))
    assert result.exit_code == 0, result.output
    assert episodes(directory, "exploration") == sorted(
        (t, k, derive_seed(7, f"exploration:0:{t}:{k}"), "student", "student-model", None, 0)
        for t in train for k in range(2))
    assert episodes(directory, "teacher") == [
        (t, 0, derive_seed(7, f"teacher:0:{t}:0"), "teacher", "teacher-model", None, 1) for t in train]
    assert sorted(SEEN) == sorted([("student", 0.5, derive_seed(7, f"exploration:0:{t}:{k}"))
                                   for t in train for k in range(2)]
                                  + [("teacher", 0.0, derive_seed(7, f"teacher:0:{t}:0")) for t in train])
    assert f"teacher {len(train)}" in result.output
    # Reporters see these attempts like any other: each episode, and progress from 0 to the total.
    assert sorted(backends.finished) == sorted([(k, t) for t in train for k in range(2)] + [(0, t) for t in train])
    assert [d for p, d in backends.announced if p == "exploration"] == list(range(2 * len(train) + 1))
    assert [d for p, d in backends.announced if p == "teacher"] == list(range(len(train) + 1))
    # Sleeping again samples nothing more: every task already has its samples.
    SEEN.clear()
    assert sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(directory)).exit_code == 0
    assert SEEN == [] and len(episodes(directory, "exploration")) == 2 * len(train)


def test_a_bad_teacher_option_stops_the_first_command_not_the_first_sleep(run, sleepy_cli):
    cfg, directory, _ = run
    data = json.loads(cfg.read_text())
    data["curation"]["teacher"] = {"name": "teacher", "options": {"size": "big"}}
    cfg.write_text(json.dumps(data))
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(directory))
    assert result.exit_code == 2
    assert result.output == f"sleepy: error: {cfg}: $.curation.teacher.options.size: expected int, got 'big'\n"
    assert not directory.exists() and SEEN == []
