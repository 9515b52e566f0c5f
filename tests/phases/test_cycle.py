from __future__ import annotations

import json

import pytest

from tests.phases.adapter_backend import write_config


@pytest.fixture
def setup(tmp_path, quality):
    return write_config(tmp_path, {"harmful_cycles": [1]}), tmp_path / "run"


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
    assert sum(e["phase"] == "eval" and e["split"] != "train" for e in episodes) == 18
    # Plus the trained-on recall: the good candidate on the 6 train koans cycle 0's day failed (cycle 1's day
    # failed none). The base model's day episodes stand for its own (temperature 0).
    assert sum(e["phase"] == "eval" and e["split"] == "train" for e in episodes) == 6


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


def cycles_of(run):
    return json.loads((run / "plots" / "summary.json").read_text())["cycles"]


def adapter_ids(sleepy_cli, run):
    return [a["id"] for a in json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)]


def test_a_cycle_without_a_gate_decision_names_the_adapter_it_ran(tmp_path, quality, sleepy_cli):
    # Reference fixes only: once the good adapter passes every train koan, sleep finds nothing to learn.
    cfg, run = write_config(tmp_path, curation={"own_fix": False}), tmp_path / "run"
    first = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "cycle 0 gate: promoted" in first.output, first.output
    [active] = adapter_ids(sleepy_cli, run)
    second = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert second.output.splitlines()[0] == f"model: quality backend, adapter {active} (the run's active adapter)"
    assert "cycle 1 day: 6/6 train tasks passed" in second.output
    assert "cycle 1 sleep: 0 examples: cycle 1: no training pair survived curation" in second.output
    assert "cycle 1 gate: cycle 1: no candidate adapter to gate" in second.output
    cycles = cycles_of(run)
    assert [c["model"] for c in cycles] == ["base", active]
    assert cycles[1]["candidate"]["id"] is None
    # The heldout and frozen figures of cycle 1 are the promoted adapter's, not the base model's.
    assert [{s: (c["pass_rate"][s]["k"], c["pass_rate"][s]["n"]) for s in ("train", "heldout", "frozen")}
            for c in cycles] == [{"train": (0, 6), "heldout": (0, 4), "frozen": (0, 2)},
                                 {"train": (6, 6), "heldout": (4, 4), "frozen": (2, 2)}]
    report = sleepy_cli("report", "--run-dir", str(run)).output
    assert f"| 1 | {active} | 100% (6/6, 61%-100%) | 100% (4/4, 51%-100%) | 100% (2/2, 34%-100%) | - | - |" in report


def test_day_runs_the_active_adapter_unless_told_otherwise(tmp_path, quality, sleepy_cli):
    cfg, run = write_config(tmp_path), tmp_path / "run"
    assert "cycle 0 gate: promoted" in sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run)).output
    [active] = adapter_ids(sleepy_cli, run)
    day = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--split", "heldout")
    assert day.output.splitlines()[0] == f"model: quality backend, adapter {active} (the run's active adapter)"
    assert "4 passed, 0 failed" in day.output
    base = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--split", "frozen", "--adapter", "base")
    assert base.output.splitlines()[0] == ("model: quality backend, no adapter: the base model "
                                           "(chosen with --adapter base)")
    assert "0 passed, 2 failed" in base.output
    exported = sleepy_cli("export", "episodes", "--run-dir", str(run)).output
    episodes = [json.loads(line) for line in exported.splitlines()]
    day_adapters = {(e["split"], e["adapter_id"]) for e in episodes if e["phase"] == "day"}
    assert day_adapters == {("train", None), ("heldout", active), ("frozen", None)}
    unknown = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--adapter", "a0nope")
    assert unknown.exit_code == 1
    assert unknown.output.splitlines()[-1] == (f"sleepy: error: no adapter 'a0nope' in {run / 'adapters'} "
                                               f"(known: {active})")


def test_every_command_that_runs_the_model_says_which_first(tmp_path, quality, sleepy_cli):
    cfg, run = write_config(tmp_path), tmp_path / "run"
    for command in (["day"], ["sleep"], ["gate"]):
        result = sleepy_cli(*command, "-c", str(cfg), "--run-dir", str(run))
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == ("model: quality backend, no adapter: the base model "
                                                 "(no adapter promoted yet)"), command
    [active] = adapter_ids(sleepy_cli, run)
    cycles = sleepy_cli("cycles", "-n", "1", "-c", str(cfg), "--run-dir", str(run))
    assert cycles.output.splitlines()[0] == f"model: quality backend, adapter {active} (the run's active adapter)"


def test_a_promotion_without_a_measured_gain_says_so(tmp_path, quality, sleepy_cli, monkeypatch):
    # The cycle-0 adapter replies like the base model: nothing regresses, nothing improves.
    cfg, run = write_config(tmp_path, {"neutral_cycles": [0]}), tmp_path / "run"
    legends = []

    def savefig(fig, path, **kwargs):
        if fig.axes[0].get_legend() is not None:
            legends.append([t.get_text() for t in fig.axes[0].get_legend().get_texts()])

    monkeypatch.setattr("matplotlib.figure.Figure.savefig", savefig)
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    [candidate] = adapter_ids(sleepy_cli, run)
    assert (f"cycle 0 gate: promoted, no measured gain {candidate}: frozen 0% -> 0% (n=2); heldout 0% -> 0% (n=4)"
            in result.output)
    assert cycles_of(run)[0]["candidate"]["decision"] == "promoted, no measured gain"
    assert "| promoted, no measured gain |" in (run / "plots" / "summary.md").read_text()
    assert "candidate promoted, no measured gain (heldout)" in legends[0]


def test_the_frozen_suite_is_evaluated_whole_unless_its_own_limit_says_otherwise(tmp_path, quality, sleepy_cli):
    # The heldout limit does not shrink the regression check.
    cfg, run = write_config(tmp_path, evaluation={"limit": 1}), tmp_path / "run"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "frozen 0% -> 100% (n=2); heldout 0% -> 100% (1 of 4 heldout koans checked)" in result.output
    # frozen_limit: a subset, said so in the console, the stored decision and the report.
    cfg, run = write_config(tmp_path, evaluation={"limit": 1, "frozen_limit": 1}), tmp_path / "run-subset"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "frozen 0% -> 100% (1 of 2 frozen koans checked)" in result.output
    [cycle] = cycles_of(run)
    gates = {g["gate"]: g for g in cycle["candidate"]["gates"]}
    assert gates["no_regression"]["reasons"][0].endswith("(1 of 2 frozen koans checked)")
    assert cycle["checked"]["frozen"] == {"n": 1, "total": 2}
    assert "| 0% (0/1, 0%-79%); 1 of 2 frozen koans checked |" in (run / "plots" / "summary.md").read_text()


def test_a_cycle_without_a_candidate_reports_a_frozen_subset_too(tmp_path, quality, sleepy_cli):
    cfg = write_config(tmp_path, curation={"own_fix": False, "reference": False}, evaluation={"frozen_limit": 1})
    run = tmp_path / "run"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "cycle 0 evaluated: 1 of 2 frozen koans checked" in result.output
    assert "0% (0/1, 0%-79%); 1 of 2 frozen koans checked |" in (run / "plots" / "summary.md").read_text()
