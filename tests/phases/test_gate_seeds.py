"""With several evaluation seeds, the report, plots and dashboard count the gate's own per-task verdicts,
and every evaluation episode runs under its documented seed."""

from __future__ import annotations

import json
import re

import pytest

from sleepy import hookimpl
from sleepy.dashboard import rows
from sleepy.koans import freeze, load_koans
from sleepy.phases.gate import eval_seed, evaluate
from sleepy.phases.setup import started_phase
from sleepy.records import Completion
from sleepy.report import cycle_summaries
from sleepy.run_dir import RunDirectory
from tests.koans.conftest import LIB, write_koan
from tests.phases.adapter_backend import QualityBackend, QualityPlugin

IDS = [f"alpha_{i:02d}" for i in range(6)]
SEED_0 = {eval_seed(0, 0, task) for task in IDS}  # every task's first evaluation seed, under run seed 0


class SeedBackend(QualityBackend):
    """The base model fixes a koan only under its first evaluation seed (1 of 3: a fail); the good
    adapter under every seed but that one (2 of 3: a pass). One seed's episodes read the other way round."""

    def complete(self, request):
        source = re.search(r"```rust\n(.*?)\n```", request.messages[-1].content, re.S).group(1)
        good = self.qualities.get(self.active) == "good"
        if good != (request.params.seed in SEED_0):
            source = source.replace("a - b", "a + b")
        return Completion(f"```rust\n{source}\n```", tokens_in=10, tokens_out=20)


class SeedPlugin:
    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("seeded", SeedBackend)


@pytest.fixture
def setup(tmp_path, register_plugin):
    register_plugin(QualityPlugin(), name="quality")
    register_plugin(SeedPlugin(), name="seeded")
    root = tmp_path / "koans"
    for task in IDS:
        write_koan(root, "alpha", task, lib=LIB.replace("two numbers", f"two numbers {task}"))
    freeze(root, load_koans(root))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": "seeded", "tasks": {"name": "koans", "options": {"path": str(root)}},
        "consolidator": "quality-trainer", "evaluation": {"seeds": 3},
        "agent": {"max_steps": 1, "concurrency": 4}, "reporters": []}))
    return cfg, tmp_path / "run"


def test_report_and_dashboard_count_the_verdicts_the_gate_decided_on(setup, sleepy_cli):
    cfg, run = setup
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 0, result.output
    assert "cycle 0 gate: promoted" in result.output
    store = RunDirectory(run).open_store()
    run_id = next(store.db.query("select id from runs"))["id"]
    gate = json.loads(next(store.db.query("select results_json from gate_decisions"))["results_json"])["rates"]
    summary = json.loads((run / "plots" / "summary.json").read_text())["cycles"][0]
    assert summary == cycle_summaries(store, run_id)[0]
    for split in ("heldout", "frozen"):
        assert summary["pass_rate"][split]["rate"] == gate[split]["current"] == 0.0
        assert summary["candidate"]["pass_rate"][split]["rate"] == gate[split]["candidate"] == 1.0
        assert summary["pass_rate"][split]["n"] == summary["candidate"]["pass_rate"][split]["n"] == gate[split]["n"]
        flips = summary["candidate"]["flips"][split]
        fixed_broken = (gate[split]["fixed"], gate[split]["broken"])
        assert (flips["fixed"], flips["broken"]) == fixed_broken == (gate[split]["n"], 0)
    assert summary["heldout_by_family"] == {"alpha": 0.0}
    # The dashboard's tables come from the same summaries.
    decisions = {r["split"]: r for r in rows.decisions([summary])}
    assert {s: (r["current"], r["candidate rate"]) for s, r in decisions.items()} == {
        s: (gate[s]["current"], gate[s]["candidate"]) for s in ("heldout", "frozen")}
    assert "| 0% (0/2, " in (run / "plots" / "summary.md").read_text()
    # Every seed's episode is kept: 3 eval tasks x 3 seeds x (base, candidate); and the trained-on recall's:
    # 3 train tasks x 3 seeds for the candidate.
    counted = dict(store.db.execute("select split = 'train', count(*) from episodes where phase = 'eval' "
                                    "group by split = 'train'").fetchall())
    assert counted == {0: 18, 1: 9}


def test_evaluation_seeds_are_derived_as_documented_and_cached_by_seed(setup, sleepy_cli, sleepy_pm):
    cfg, run = setup
    assert sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run)).exit_code == 0
    store = RunDirectory(run).open_store()
    eval_rows = list(store.db.query(
        "select task_id, split, adapter_id, attempt_idx, seed from episodes where phase = 'eval'"))
    # Seed k of a task is derive_seed(run seed, "eval:k:task"): the same for the base model and the candidate.
    assert all(r["seed"] == eval_seed(0, r["attempt_idx"], r["task_id"]) for r in eval_rows)
    gated = [r for r in eval_rows if r["split"] != "train"]  # the candidate alone ran the trained-on recall
    by_adapter = {a: {(r["task_id"], r["attempt_idx"], r["seed"]) for r in gated if r["adapter_id"] == a}
                  for a in {r["adapter_id"] for r in gated}}
    assert len(by_adapter) == 2 and len({frozenset(s) for s in by_adapter.values()}) == 1
    assert all(len({r["seed"] for r in eval_rows if r["task_id"] == t}) == 3 for t in {r["task_id"] for r in eval_rows})
    # An evaluation stored under another seed (say, by a version that derived them otherwise) is not reused.
    stale = next(store.db.query("select id, task_id from episodes where phase = 'eval' and adapter_id is null "
                                "and split = 'heldout' and attempt_idx = 1"))
    store.db.execute("update episodes set seed = 12345, passed = 1 where id = ?", [stale["id"]])
    store.db.conn.commit()
    store.close()
    with started_phase(sleepy_pm, cfg, run, "gate") as ctx:
        verdicts = evaluate(ctx, SeedBackend(None), None, "heldout", 0)
        redone = list(ctx.store.db.query(
            "select seed, passed from episodes where phase = 'eval' and adapter_id is null and task_id = ? "
            "and attempt_idx = 1 and id != ?", [stale["task_id"], stale["id"]]))
    assert [(r["seed"], r["passed"]) for r in redone] == [(eval_seed(0, 1, stale["task_id"]), 0)]
    assert not any(verdicts.values())
