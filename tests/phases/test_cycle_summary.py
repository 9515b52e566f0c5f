"""A cycle returns typed records of what each phase did; the phase marks and the cycle_finished hook get
the JSON they always had."""

from __future__ import annotations

import json

from sleepy import hookimpl
from sleepy.phases.cycle import run_cycle
from sleepy.phases.day import DaySummary
from sleepy.phases.gate import GateDecision
from sleepy.phases.setup import started_phase
from sleepy.phases.sleep import SleepSummary
from sleepy.phases.summaries import GateSkipped, SleepSkipped, SplitChecked
from sleepy.run_dir import RunDirectory
from tests.phases.adapter_backend import write_config


class Observer:
    def __init__(self):
        self.summaries = []

    @hookimpl
    def sleepy_cycle_finished(self, summary):
        self.summaries.append(summary)


def marks(run, cycle):
    store = RunDirectory(run).open_store()
    try:
        return {r["phase"]: json.loads(r["summary_json"]) for r in store.db.query(
            "select phase, summary_json from cycle_phases where cycle = ?", [cycle])}
    finally:
        store.close()


def test_a_cycle_returns_typed_phase_records(tmp_path, quality, register_plugin, sleepy_pm):
    observer = register_plugin(Observer(), name="observer")
    # Reference fixes only: once the good adapter passes every train koan, sleep finds nothing to learn.
    cfg, run = write_config(tmp_path, curation={"own_fix": False}), tmp_path / "run"
    with started_phase(sleepy_pm, cfg, run, "cycle") as ctx:
        first = run_cycle(ctx)
        second = run_cycle(ctx)
    assert isinstance(first.day, DaySummary) and (first.day.tasks, first.day.passed) == (6, 0)
    assert isinstance(first.sleep, SleepSummary) and first.sleep.candidate is not None
    assert isinstance(first.gate, GateDecision) and first.gate.promoted
    assert first.gate.candidate_id == first.sleep.candidate.id and first.report[0].exists()
    assert isinstance(second.sleep, SleepSkipped) and "no training pair survived curation" in second.sleep.note
    assert second.gate == GateSkipped("cycle 1: no candidate adapter to gate (sleep trained none for this cycle)",
                                      first.sleep.candidate.id,
                                      {"frozen": SplitChecked(2, 2), "heldout": SplitChecked(4, 4)})
    # The hook and the marks carry the same JSON as before the records were typed.
    hooked = observer.summaries
    assert [s["cycle"] for s in hooked] == [0, 1] and hooked[0]["seconds"] == first.seconds
    assert hooked[0]["day"] == marks(run, 0)["day"] == {"tasks": 6, "passed": 0,
                                                        "tokens_per_second": first.day.tokens_per_second}
    assert hooked[0]["sleep"] == marks(run, 0)["sleep"] == {
        "dataset": first.sleep.dataset.hash, "examples": first.sleep.dataset.size,
        "sources": dict(first.sleep.dataset.source_counts), "candidate": first.sleep.candidate.id}
    assert first.gate.train_recall is not None and len(first.gate.train_recall.candidate_passed) == 6
    assert hooked[0]["gate"] == marks(run, 0)["gate"] == {
        "candidate": first.gate.candidate_id, "promoted": True, "decision": "promoted", "rates": first.gate.rates,
        "train_recall": first.gate.train_recall.to_json()}
    assert hooked[1]["sleep"] == marks(run, 1)["sleep"] == {"examples": 0, "note": second.sleep.note}
    assert hooked[1]["gate"] == marks(run, 1)["gate"] == {
        "candidate": None, "adapter": first.sleep.candidate.id, "note": second.gate.note,
        "checked": {"frozen": {"n": 2, "total": 2}, "heldout": {"n": 4, "total": 4}}}
    assert hooked[1]["report"] == marks(run, 1)["report"]["files"] == [str(p) for p in second.report]
