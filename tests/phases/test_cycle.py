from __future__ import annotations

import json

import pytest

from sleepy.koans import freeze, load_koans
from tests.koans.conftest import LIB, write_koan
from tests.phases.adapter_backend import QualityPlugin


@pytest.fixture
def setup(tmp_path, register_plugin):
    register_plugin(QualityPlugin(), name="quality")
    root = tmp_path / "koans"
    for family in ("alpha", "beta"):
        for i in range(6):
            write_koan(root, family, f"{family}_{i:02d}", lib=LIB.replace("two numbers", f"{family} numbers {i}"))
    freeze(root, load_koans(root))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": "quality", "tasks": {"name": "koans", "options": {"path": str(root)}},
        "consolidator": {"name": "quality-trainer", "options": {"harmful_cycles": [1]}},
        "agent": {"max_steps": 1, "concurrency": 4}, "reporters": []}))
    return cfg, tmp_path / "run"


def test_cycles_promote_a_good_candidate_and_reject_a_harmful_one(setup, sleepy_cli):
    cfg, run = setup
    first = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert first.exit_code == 0, first.output
    assert "cycle 0 day: 0/6 train tasks passed" in first.output
    assert "cycle 0 gate: promoted" in first.output and "heldout 0% -> 100% (n=4)" in first.output
    good = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)[0]
    assert good["active"] and good["status"] == "promoted"
    # Cycle 1 trains on wrong fixes: the gate must reject it and keep the good adapter active.
    second = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert second.exit_code == 0, second.output
    assert "cycle 1 day: 6/6 train tasks passed" in second.output
    assert "cycle 1 gate: rejected" in second.output and "frozen 100% -> 0% (n=2)" in second.output
    adapters = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)
    assert [(a["status"], a["active"]) for a in adapters] == [("promoted", True), ("rejected", False)]
    summary = json.loads((run / "plots" / "summary.json").read_text())
    assert [c["pass_rate"]["heldout"]["rate"] for c in summary["cycles"]] == [0.0, 1.0]
    gates = {g["gate"]: g for g in summary["cycles"][1]["candidate"]["gates"]}
    assert not gates["no_regression"]["passed"] and "2 frozen task(s) broken" in gates["no_regression"]["reasons"][0]
    for name in ("pass_rate.png", "repeat_error_rate.png", "steps_to_green.png", "family_heatmap.png", "summary.md"):
        assert (run / "plots" / name).stat().st_size > 0
    # 6 eval tasks (4 heldout + 2 frozen) for base, good and harmful: the good adapter, current in
    # cycle 1, was not evaluated again
    episodes = [json.loads(line) for line in sleepy_cli("export", "episodes", "--run-dir", str(run)).output.split("\n")
                if line]
    assert sum(e["phase"] == "eval" for e in episodes) == 18


def test_a_killed_cycle_resumes_and_rollback_restores(setup, sleepy_cli, monkeypatch):
    cfg, run = setup
    import sleepy.phases.cycle as cycle_module

    real_gate = cycle_module.run_gate

    def dying_gate(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cycle_module, "run_gate", dying_gate)
    killed = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert killed.exit_code == 1  # click turns the interrupt into "Aborted!"
    monkeypatch.setattr(cycle_module, "run_gate", real_gate)
    resumed = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "cycle 0 day" not in resumed.output and "cycle 0 gate: promoted" in resumed.output
    assert sleepy_cli("rollback", "--run-dir", str(run)).output == "active: none (base model)\n"
