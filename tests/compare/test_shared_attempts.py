from __future__ import annotations

import hashlib
import json

import pytest
from attrs import evolve

from sleepy.phases.shared_attempts import SharedAttempts
from sleepy.records import EpisodeRecord, StepRecord, Task
from sleepy.sandbox.target import CrateTarget
from sleepy.version import sleepy_version
from tests.compare.test_compare import ARMS, stable, write_comparison
from tests.phases.adapter_backend import QualityBackend


class RequestLog:
    """Requests the quality backend answered, counted in a file: each arm runs in a forked process of its own."""

    def __init__(self, path):
        self.path = path

    def add(self, count):
        with self.path.open("a") as fh:
            fh.write("x" * count)

    def __len__(self):
        return len(self.path.read_text()) if self.path.exists() else 0

    def clear(self):
        self.path.unlink(missing_ok=True)


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """How many requests the quality backend answered, in every process of the comparison."""
    log = RequestLog(tmp_path / "requests.log")
    original = QualityBackend.complete_many

    def complete_many(self, requests):
        log.add(len(requests))
        return original(self, requests)

    monkeypatch.setattr(QualityBackend, "complete_many", complete_many)
    return log


def test_arms_share_the_base_models_attempts_and_report_the_same(tmp_path, quality, sleepy_cli, counted):
    path = write_comparison(tmp_path)
    result = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    # base: day 2 + heldout 2 + frozen 2 requests; lora then copies its day and its base evaluations and runs
    # only its candidate's 4 evaluations and its trained-on recall of the 2 failed day tasks (unshared: 12)
    assert len(counted) == 6 + 4 + 2
    shared = sorted((tmp_path / "out" / "shared-attempts").rglob("*.json"))
    assert len(shared) == 6
    counted.clear()
    alone = tmp_path / "alone"  # the same comparison, each arm on its own: the same figures
    alone.mkdir()
    path_alone = write_comparison(alone, arms=[ARMS[1]])
    assert sleepy_cli("compare", "-c", str(path_alone), "--out", str(alone / "out")).exit_code == 0
    assert len(counted) == 12
    shared_lora = stable(json.loads((tmp_path / "out" / "compare.json").read_text()))["arms"][1]
    alone_lora = stable(json.loads((alone / "out" / "compare.json").read_text()))["arms"][0]
    for figures in (shared_lora, alone_lora):
        figures["cycles"][0].pop("paired")
        figures["cycles"][0].pop("frozen_broken")
    assert shared_lora == alone_lora


TASK = Task(id="alpha_00", family="alpha", split="heldout", files={"src/lib.rs": "fn main() {}\n"})
SNAPSHOT = {"backend": {"name": "quality", "options": {}}, "agent": {"max_steps": 1}, "sandbox": {}, "tools": []}


def key(shared, snapshot=SNAPSHOT, task=TASK, adapter_id=None, temperature=0.0, seed=1, phase="eval"):
    return shared.key(snapshot, phase=phase, task=task, adapter_id=adapter_id, temperature=temperature, seed=seed,
                      attempt_idx=0)


def test_what_decides_an_attempt_decides_its_key(tmp_path):
    shared = SharedAttempts(tmp_path)
    greedy = key(shared)
    assert greedy == key(shared, seed=2)  # greedy: the seed changes nothing
    assert key(shared, temperature=0.7, seed=1) != key(shared, temperature=0.7, seed=2)
    assert key(shared, adapter_id="a1") is None  # an adapter is the arm's own
    assert key(shared, snapshot={**SNAPSHOT, "agent": {"max_steps": 1, "memory": {"k": 3}}}) is None
    assert key(shared, snapshot={**SNAPSHOT, "agent": {"max_steps": 2}}) != greedy
    assert key(shared, snapshot={**SNAPSHOT, "backend": {"name": "quality", "options": {"x": 1}}}) != greedy
    changed = Task(id="alpha_00", family="alpha", split="heldout", files={"src/lib.rs": "fn main() { }\n"})
    assert key(shared, task=changed) != greedy and key(shared, phase="day") != greedy
    assert key(shared, task=evolve(TASK, target=CrateTarget("2015"))) != greedy  # the edition decides the verdict
    assert key(shared, task=evolve(TASK, target=CrateTarget(kind="bin"))) != greedy


def test_the_keys_of_default_target_tasks_did_not_change(tmp_path):
    # Shared attempts kept before tasks had a target are still found: the default target adds nothing to the key.
    material = {"sleepy": sleepy_version(), **SNAPSHOT, "phase": "eval", "seed": None, "attempt_idx": None,
                "task": {"id": TASK.id, "split": TASK.split, "files": dict(TASK.files), "check": TASK.check,
                         "max_changed_lines": TASK.max_changed_lines, "expected_failure": TASK.expected_failure}}
    before_targets = hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()
    assert key(SharedAttempts(tmp_path)) == before_targets


def test_a_kept_episode_comes_back_as_this_runs_own(tmp_path):
    shared = SharedAttempts(tmp_path)
    step = StepRecord(idx=0, reply="```rust\nfn main() {}\n```", action={"tool": "write"}, outcome="passed")
    record = EpisodeRecord(id="e1", run_id="other-run", task_id="alpha_00", outcome="passed", passed=True,
                           steps=(step,), cycle=3, phase="eval", config_hash="other")
    assert shared.take("k" * 64, {"run_id": "mine"}) is None
    shared.keep("k" * 64, record)
    copied = shared.take("k" * 64, {"run_id": "mine", "cycle": 0, "config_hash": "mine"})
    assert copied is not None and copied.id != "e1" and (copied.run_id, copied.cycle) == ("mine", 0)
    assert copied.steps == record.steps and copied.passed and copied.config_hash == "mine"
