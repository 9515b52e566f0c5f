from __future__ import annotations

import json

import pytest

from sleepy import hookimpl
from sleepy.consolidation import TrainingResult
from tests.adapters.fake_adapter import MODULES, make_adapter
from tests.koans.conftest import LIB
from tests.phases.conftest import alpha_koans

FIXED = LIB.replace("a - b", "a + b")


class FakeTrainer:
    """Writes a small valid LoRA directory."""

    def __init__(self, options):
        pass

    def consolidate(self, request, backend):
        examples = [json.loads(line) for line in request.dataset_path.read_text().splitlines()]
        make_adapter(request.output_dir, base_model="tiny-base")
        return TrainingResult(request.output_dir, "tiny-base", {"examples": len(examples)}, MODULES)


class TrainerPlugin:
    @hookimpl
    def sleepy_register_consolidators(self, register):
        register.add("fake-lora", FakeTrainer)


@pytest.fixture
def koans(tmp_path):
    return alpha_koans(tmp_path, 6)


def test_day_then_sleep_registers_a_candidate_with_per_source_counts(tmp_path, koans, sleepy_cli, register_plugin):
    register_plugin(TrainerPlugin(), name="trainer")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": {"name": "scripted", "options": {"replies": [f"```rust\n{FIXED}```", "no", "no", "no", "no"]}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}}, "consolidator": "fake-lora",
        "agent": {"max_steps": 1, "concurrency": 1}, "reporters": []}))
    run = tmp_path / "run"
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run)).exit_code == 0
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 0, result.output
    assert "examples (own_fix 1, reference 2)" in result.output
    adapters = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)
    assert [(a["status"], a["strategy"], a["active"]) for a in adapters] == [("candidate", "fake-lora", False)]
    assert adapters[0]["metadata"]["source_counts"] == {"own_fix": 1, "reference": 2}
    lines = sleepy_cli("export", "dataset", "--run-dir", str(run), "--jsonl").output.splitlines()
    assert sorted(json.loads(line)["source"] for line in lines) == ["own_fix", "reference", "reference"]
    # Sleeping again on the same data is a no-op (resumable): no second candidate.
    assert sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(run)).exit_code == 0
    assert len(json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)) == 1


def test_ablation_without_reference_and_nothing_to_learn(tmp_path, koans, sleepy_cli, register_plugin):
    register_plugin(TrainerPlugin(), name="trainer")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": {"name": "scripted", "options": {"replies": ["no"] * 6}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}}, "consolidator": "fake-lora",
        "curation": {"reference": False}, "agent": {"max_steps": 1, "concurrency": 1}, "reporters": []}))
    run = tmp_path / "run"
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run)).exit_code == 0
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 1 and "no training pair survived curation" in result.output
