from __future__ import annotations

import json
import shutil

import pytest
import yaml

import sleepy.compare.jobs as jobs_module
import sleepy.phases.cycle as cycle_module
from tests.phases.adapter_backend import write_config

# The base arm trains nothing; lora learns the fix (the quality trainer's adapters are "good" unless told).
ARMS = [{"name": "base", "config": {"consolidator": None, "curation": {"own_fix": False, "reference": False}}},
        {"name": "lora", "config": {}}]


def write_comparison(tmp_path, *, arms=ARMS, seeds=(0,), cycles=1, **extra):
    # 2 train tasks by day, 2 heldout and the 2 frozen koans per evaluation: a small, fast comparison.
    write_config(tmp_path, evaluation={"limit": 2})
    path = tmp_path / "compare.yaml"
    path.write_text(yaml.safe_dump({"base_config": "c.yaml", "arms": arms, "seeds": list(seeds), "cycles": cycles,
                                    "limit": 2, **extra}))
    return path


def stable(data):
    """compare.json without what differs between two runs of the same comparison: times, sizes, adapter ids."""
    for arm in data["arms"]:
        for cycle in arm["cycles"]:
            for key in ("sleep_minutes", "peak_rss_bytes", "peak_rss_measured", "adapter_bytes", "skill_bytes"):
                cycle.pop(key)
            cycle["models"] = ["base" if m == "base" else "adapter" for m in cycle["models"]]
    data.pop("config")
    return data


def test_a_two_arm_comparison_writes_paired_figures_for_every_arm(tmp_path, quality, sleepy_cli):
    path = write_comparison(tmp_path, seeds=(0, 1), arms=[*ARMS, {"name": "harmful", "config": {
        "consolidator": {"name": "quality-trainer", "options": {"harmful_cycles": [0]}}}}])
    byo = tmp_path / "byo"
    shutil.copytree(tmp_path / "koans", byo)
    out = tmp_path / "out"
    result = sleepy_cli("compare", "-c", str(path), "--out", str(out), "--jobs", "2", "--tasks", str(byo))
    assert result.exit_code == 0, result.output
    assert "compare: 3 arm(s) x 2 seed(s) = 6 run(s) of 1 cycle(s), 2 at a time" in result.output
    assert "arm lora seed 1: ran cycle(s) 0" in result.output
    # --tasks: every arm's run config reads the bring-your-own koans
    for arm in ("base", "lora", "harmful"):
        config = yaml.safe_load((out / "arms" / arm / "seed-0.yaml").read_text())
        assert config["tasks"] == {"name": "koans", "options": {"path": str(byo)}} and config["seed"] == 0
        assert yaml.safe_load((out / "arms" / arm / "seed-1.yaml").read_text())["seed"] == 1
    data = json.loads((out / "compare.json").read_text())
    arms = {a["name"]: a for a in data["arms"]}
    assert list(arms) == ["base", "lora", "harmful"] and data["references"] == ["base"]
    [base], [lora], [harmful] = (arms[n]["cycles"] for n in ("base", "lora", "harmful"))
    assert base["models"] == ["base", "base"] and "base" not in lora["models"]
    # 2 heldout koans x 2 seeds: the base model passes none, lora's promoted adapter all
    assert (base["heldout"]["k"], base["heldout"]["n"], base["frozen"]["n"]) == (0, 4, 4)
    assert (lora["heldout"]["k"], lora["heldout"]["n"], lora["frozen"]["k"]) == (4, 4, 4)
    assert lora["heldout"]["low"] == pytest.approx(0.5101, abs=1e-4) and lora["heldout"]["high"] == 1.0
    assert lora["paired"]["base"]["heldout"] == {"fixed": 4, "broken": 0, "both_pass": 0, "both_fail": 0, "n": 4,
                                                 "mcnemar_p": 0.125}
    assert lora["frozen_broken"] == 0 and base["paired"] == {} and base["frozen_broken"] is None
    # the harmful adapter breaks nothing the base model passed, so it was promoted without a measured gain:
    # the arm ends cycle 0 on it, and pairing says it is no better than base
    assert "base" not in harmful["models"] and harmful["heldout"]["k"] == 0
    assert harmful["paired"]["base"]["heldout"] == {"fixed": 0, "broken": 0, "both_pass": 0, "both_fail": 4, "n": 4,
                                                    "mcnemar_p": 1.0}
    assert lora["adapter_bytes"] > 0 and base["adapter_bytes"] == 0
    assert lora["median_steps_to_green"] is None and lora["train"] == {**lora["train"], "k": 0, "n": 4}
    assert lora["peak_rss_bytes"] > 10 * 2 ** 20 and lora["peak_rss_measured"] == "2 of 2 seeds"
    assert lora["sleep_minutes"] >= 0 and lora["repeat_error"]["covered"] == 0
    markdown = (out / "compare.md").read_text()
    assert "| lora | 0 | 100% (4/4, 51%-100%) | 100% (4/4, 51%-100%) | vs base: +4/-0, p=0.125 |" in markdown
    for arm in ("base", "lora", "harmful"):
        assert f"- `{arm}`" in markdown and "complete (2 seed(s) x 1 cycle(s))" in markdown
    assert (out / "compare_pass_rate.png").stat().st_size > 0
    # Dropping an arm from the config keeps it in the report: every arm tried is listed.
    data = yaml.safe_load(path.read_text())
    data["arms"] = data["arms"][:2]
    path.write_text(yaml.safe_dump(data))
    again = sleepy_cli("compare", "-c", str(path), "--out", str(out), "--tasks", str(byo))
    assert again.exit_code == 0 and "ran cycle" not in again.output  # nothing to redo
    markdown = (out / "compare.md").read_text()
    assert "- `harmful`: not in the current config" in markdown


def test_a_killed_comparison_resumes_without_redoing_anything_finished(tmp_path, quality, sleepy_cli, monkeypatch):
    path = write_comparison(tmp_path, cycles=2)
    assert sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "whole")).exit_code == 0
    # Each job runs in a forked process of its own: what the patched phases saw is written to files.
    days_log, gates_log = tmp_path / "days.log", tmp_path / "gates.log"
    real_day, real_measure, real_gate = cycle_module.run_day, jobs_module._record_measure, cycle_module.run_gate

    def logged(path):
        return path.read_text().split() if path.exists() else []

    def append(path, line):
        with path.open("a") as fh:
            fh.write(line + "\n")

    def counting_day(ctx, **kwargs):
        append(days_log, f"{ctx.run_dir.path.parent.name}:{kwargs['cycle']}")
        return real_day(ctx, **kwargs)

    def kill_after_first_cycle(job, cycle, values):  # a kill between two cycles (cycle 0 reported, not measured)
        raise KeyboardInterrupt

    monkeypatch.setattr(cycle_module, "run_day", counting_day)
    monkeypatch.setattr(jobs_module, "_record_measure", kill_after_first_cycle)
    out = tmp_path / "out"
    assert sleepy_cli("compare", "-c", str(path), "--out", str(out)).exit_code == 1  # "Aborted!"
    assert logged(days_log) == ["base:0"]
    monkeypatch.setattr(jobs_module, "_record_measure", real_measure)

    def kill_lora_gate(ctx, **kwargs):  # a kill inside lora's first cycle, after its day and sleep
        append(gates_log, ctx.run_dir.path.parent.name)
        if ctx.run_dir.path.parent.name == "lora":
            raise KeyboardInterrupt
        return real_gate(ctx, **kwargs)

    monkeypatch.setattr(cycle_module, "run_gate", kill_lora_gate)
    assert sleepy_cli("compare", "-c", str(path), "--out", str(out)).exit_code == 1
    assert logged(days_log) == ["base:0", "base:1", "lora:0"] and logged(gates_log) == ["base", "lora"]
    monkeypatch.setattr(cycle_module, "run_gate", real_gate)
    resumed = sleepy_cli("compare", "-c", str(path), "--out", str(out))
    assert resumed.exit_code == 0, resumed.output
    # Only lora's unfinished cycle 0 (from its gate on) and its cycle 1 ran; base was not started at all.
    assert logged(days_log) == ["base:0", "base:1", "lora:0", "lora:1"]
    assert "arm base" not in resumed.output and "arm lora seed 0: ran cycle(s) 0, 1" in resumed.output
    whole = json.loads((tmp_path / "whole" / "compare.json").read_text())
    assert stable(json.loads((out / "compare.json").read_text())) == stable(whole)
    assert [c["heldout"]["k"] for c in whole["arms"][1]["cycles"]] == [2, 2]
    # the measurement lost to the first kill is reported as such, not invented
    assert json.loads((out / "compare.json").read_text())["arms"][0]["cycles"][0]["peak_rss_measured"] == "0 of 1 seeds"


def test_config_errors_are_one_line_each_with_their_path(tmp_path, quality, sleepy_cli):
    path = write_comparison(tmp_path, arms=[{"name": "lora", "baseline": "yes"}, {"name": "x", "cfg": {}}])
    result = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"sleepy: error: {path}: $.arms[0].baseline: expected bool, got 'yes'",
        f"sleepy: error: {path}: $.arms[1].cfg: unknown field (expected one of: name, config, file, baseline)"]
    assert not (tmp_path / "out").exists()
    # the comparison's own fields are right: now each arm's merged config is checked as a run config
    path = write_comparison(tmp_path, arms=[
        {"name": "lora", "config": {"agent": {"max_steps": "many"}}},
        {"name": "lora", "config": {"consolidator": {"name": "nope"}}},
        {"name": "bad name!", "config": {"seed": 3}},
    ])
    result = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[:4] == [
        f"sleepy: error: {path}: $.arms[1].name: 'lora' is also the name of $.arms[0]",
        f"sleepy: error: {path}: $.arms[2].name: 'bad name!' is not a directory name: expected letters, digits, "
        "'.', '_' or '-', starting with a letter or digit",
        f"sleepy: error: {path}: $.arms[2].config.seed: set by the comparison's `seeds`, not by an arm",
        f"sleepy: error: {path}: $.arms[0].config.agent.max_steps: expected int, got 'many'",
    ]
    assert lines[4].startswith(f"sleepy: error: {path}: $.arms[1].config.consolidator.name: ")
    assert "nope" in lines[4] and len(lines) == 5
    no_base = tmp_path / "no-base.yaml"
    no_base.write_text(yaml.safe_dump({"arms": [{"name": "a"}]}))
    result = sleepy_cli("compare", "-c", str(no_base), "--out", str(tmp_path / "out"))
    assert result.output.splitlines() == [
        f"sleepy: error: {no_base}: $.arms[0]: no config to start from: set $.base_config or $.arms[0].file"]


_KEPT: list[bytearray] = []  # what an arm's phase leaves allocated, as a trained model and optimizer can


def test_each_arm_runs_in_a_process_of_its_own_so_its_peak_rss_is_its_own(tmp_path, quality, sleepy_cli,
                                                                            monkeypatch):
    real_day = cycle_module.run_day

    def day_that_keeps_memory(ctx, **kwargs):
        if ctx.run_dir.path.parent.name == "base":
            _KEPT.append(bytearray(400 * 2 ** 20))  # resident (bytearray zero-fills) and never freed here
        return real_day(ctx, **kwargs)

    monkeypatch.setattr(cycle_module, "run_day", day_that_keeps_memory)
    path = write_comparison(tmp_path)
    out = tmp_path / "out"
    assert sleepy_cli("compare", "-c", str(path), "--out", str(out)).exit_code == 0
    assert not _KEPT  # base's day ran in another process: nothing it allocated is in this one
    peaks = {arm["name"]: arm["cycles"][0]["peak_rss_bytes"]
             for arm in json.loads((out / "compare.json").read_text())["arms"]}
    assert peaks["base"] > 400 * 2 ** 20
    assert peaks["lora"] < peaks["base"] - 300 * 2 ** 20  # in one process, lora's peak would include base's 400 MiB
