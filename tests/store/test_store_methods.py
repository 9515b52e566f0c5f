"""The store's questions and writes: each answers from what was recorded, as typed rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sleepy.diagnostics import Diagnostic, Span, diagnostic_from_json, diagnostic_to_json, parse_diagnostics
from sleepy.records import EpisodeRecord, Message, StepRecord
from sleepy.store import ANY, EpisodeStore, TaskVerdict, migrations
from tests.diagnostics.conftest import fixture_diagnostics

RUN = "r1"


def episode(store: EpisodeStore, eid: str, task: str, *, passed: bool, cycle: int = 0, phase: str = "day",
            split: str = "train", adapter: str | None = None, attempt: int = 0, seed: int = 0, config: str = "h",
            steps: tuple[StepRecord, ...] = (), final_code: str | None = None) -> None:
    store.record_episode(EpisodeRecord(
        eid, RUN, task, "passed" if passed else "failed", passed, steps=steps, cycle=cycle, phase=phase,
        family=task.split("_")[0], split=split, attempt_idx=attempt, adapter_id=adapter, seed=seed,
        config_hash=config, final_code=final_code))


@pytest.fixture
def store(episode_store: EpisodeStore) -> EpisodeStore:
    episode_store.record_run(RUN, command="cycle", config_hash="h", config={}, seed=3, sleepy_version="0")
    return episode_store


def test_episode_questions(store):
    failing = (StepRecord(0, error_signature="E0382: moved"), StepRecord(1, error_signature=None, outcome="passed"))
    episode(store, "e1", "alpha_00", passed=True, steps=failing)
    episode(store, "e2", "alpha_01", passed=False, steps=(StepRecord(0, error_signature="E0502: borrowed"),))
    episode(store, "e3", "alpha_01", passed=True, phase="exploration")
    episode(store, "e4", "beta_00", passed=False, cycle=1, adapter="a1")
    episode(store, "e5", "beta_01", passed=True, cycle=1, split="heldout", phase="eval", adapter="a1", seed=7)
    episode(store, "e6", "beta_02", passed=False, cycle=1, split="heldout", phase="eval", adapter=None, seed=8)

    assert [r.id for r in store.runs()] == [RUN]
    assert store.episode_task_ids(RUN, 0, "day") == {"alpha_00", "alpha_01"}
    assert store.task_outcomes(RUN, 0, "day") == {"alpha_00": True, "alpha_01": False}
    assert [e.id for e in store.find_episodes(RUN, cycle=0, phases=("day", "exploration"), passed=True)] == [
        "e1", "e3"]
    assert [e.id for e in store.find_episodes(RUN, phase="eval")] == ["e5", "e6"]
    # None is the base model, ANY is any adapter.
    assert [e.id for e in store.find_episodes(RUN, cycle=1, adapter_id=None)] == ["e6"]
    assert [e.id for e in store.find_episodes(RUN, cycle=1, adapter_id=ANY)] == ["e4", "e5", "e6"]
    assert [e.id for e in store.retried_day_episodes(RUN, 0)] == ["e1", "e2"]  # failed, or passed after 2 steps
    assert store.eval_outcomes(RUN, "a1", 0, "h")[0].seed == 7
    assert [(o.task_id, o.passed) for o in store.eval_outcomes(RUN, None, 0, "h")] == [("beta_02", False)]
    assert store.eval_outcomes(RUN, None, 0, "other config") == []
    assert store.episode_cycles(RUN) == [0, 1]
    assert store.episode_values(RUN, "split") == ["heldout", "train"]
    with pytest.raises(ValueError, match="'passed' is not one of"):
        store.episode_values(RUN, "passed")
    assert store.failure_pairs(RUN, 0, "day") == {("alpha_00", "E0382: moved"), ("alpha_01", "E0502: borrowed")}
    [row] = store.find_episodes(RUN, task_id="alpha_00")
    assert (row.passed, row.steps, row.family, row.adapter_id, row.final_code) == (True, 2, "alpha", None, None)


def test_the_adapters_that_ran_most_come_first(store):
    for i, adapter in enumerate(["a1", None, None, "a2", "a2", "a2"]):
        episode(store, f"e{i}", f"alpha_{i:02d}", passed=True, adapter=adapter)
    episode(store, "other", "alpha_99", passed=True, adapter="a3", split="heldout")
    assert store.adapters_used(RUN, 0, "day", "train") == ["a2", None, "a1"]


def test_steps_come_back_as_recorded_with_structured_diagnostics(store):
    parsed = fixture_diagnostics("e0382")  # real rustc output: raw JSON lines with spans and children
    built = Diagnostic("error", "mismatched types", code="E0308", rendered="error[E0308]: mismatched types\n",
                       spans=(Span("src/lib.rs", 1, 4, 2, 2, 5, 8, is_primary=True, label="expected `i32`"),))
    step = StepRecord(0, reply_format="whole_file", messages=(Message("system", "s"), Message("user", "fix")),
                      reply="```rust\n```", action={"actions": []}, tool_result={"tests_restored": False},
                      diagnostics=(*parsed, built), error_signature="E0382: x", diff="-a\n+b\n", outcome="passed",
                      tokens_in=3, tokens_out=4, model_seconds=0.5, tool_seconds=0.25)
    episode(store, "e1", "alpha_00", passed=True, steps=(step,))
    [back] = store.step_records("e1")
    assert back == step  # Diagnostic equality leaves out the raw line
    assert back.diagnostics[0].spans and back.diagnostics[0].code == "E0382"
    # rustc's own line is stored whole (its rendering, spans and children included).
    stored = json.loads(store.steps("e1")[0]["diagnostics_json"])
    assert stored[0] == json.loads(parsed[0].raw)


def test_diagnostics_stored_before_they_were_structured_still_read(store):
    episode(store, "e1", "alpha_00", passed=False, steps=(StepRecord(0),))
    old = [{"$message_type": "diagnostic", "level": "error", "code": {"code": "E0382", "explanation": "..."},
            "message": "borrow of moved value", "spans": [], "children": [], "rendered": "error[E0382]: ..."},
           {"level": "error", "message": "no JSON line", "code": "E0499"}]  # the old fallback wrote a plain code
    store.db.execute("update steps set diagnostics_json = ? where episode_id = 'e1'", [json.dumps(old)])
    [step] = store.step_records("e1")
    assert [(d.code, d.message, d.rendered) for d in step.diagnostics] == [
        ("E0382", "borrow of moved value", "error[E0382]: ..."), ("E0499", "no JSON line", None)]


def test_a_diagnostic_without_its_json_line_round_trips():
    diagnostic = fixture_diagnostics("missing_mut")[0]  # spans, and a child with a machine-applicable fix
    assert diagnostic.children[0].suggestions
    assert diagnostic_from_json(diagnostic_to_json(diagnostic)) == diagnostic
    assert parse_diagnostics(json.dumps(diagnostic_to_json(diagnostic))) == (diagnostic,)


def test_datasets(store, tmp_path):
    for digest, cycle in (("h0", 0), ("h1", 1), ("h2", 2)):
        store.record_dataset(digest, run_id=RUN, cycle=cycle, path=tmp_path / f"{digest}.jsonl", examples=cycle,
                             source_counts={"reference": cycle}, lineage={"sources_per_family": {"alpha": {}}},
                             filter={"dropped": {"duplicate": 1}})
    store.record_dataset("h1", run_id=RUN, cycle=9, path=tmp_path / "x", examples=0, source_counts={}, lineage={},
                         filter={})  # the same content again: recorded once
    assert [d.hash for d in store.datasets(run_id=RUN, before_cycle=2)] == ["h0", "h1"]
    assert [d.hash for d in store.datasets(newest_first=True)] == ["h2", "h1", "h0"]
    assert store.datasets(run_id="another run") == []
    record = store.dataset("h1")
    assert (record.cycle, record.path, record.source_counts, record.lineage["sources_per_family"],
            record.filter["dropped"]) == (1, tmp_path / "h1.jsonl", {"reference": 1}, {"alpha": {}}, {"duplicate": 1})
    assert store.dataset("nope") is None


def test_gate_decisions_and_phase_marks(store):
    assert store.gate_decision(RUN, 0) is None
    store.record_gate_decision(run_id=RUN, cycle=0, candidate_id="a2", current_id=None, promoted=True,
                               results={"gates": [{"gate": "g", "passed": True, "reasons": []}],
                                        "rates": {"heldout": {"n": 4, "total": 5}}, "trained_families": {}})
    decision = store.gate_decision(RUN, 0)
    assert (decision.candidate_id, decision.current_id, decision.promoted) == ("a2", None, True)
    assert decision.gates == [{"gate": "g", "passed": True, "reasons": []}]
    assert decision.rates == {"heldout": {"n": 4, "total": 5}}

    assert store.finished_phases(RUN, 0) == set() and store.phase_summary(RUN, 0, "gate") is None
    store.mark_phase(RUN, 0, "gate", {"checked": {"frozen": {"n": 1, "total": 2}}})
    store.mark_phase(RUN, 0, "gate", {"checked": {}})  # a phase run again replaces its mark
    store.mark_phase(RUN, 0, "report", {"files": [Path("a.png")]})  # written as text, like json's default=str
    store.mark_phase(RUN, 2, "report", {})
    assert store.finished_phases(RUN, 0) == {"gate", "report"}
    assert store.phase_summary(RUN, 0, "gate") == {"checked": {}}
    assert store.phase_summary(RUN, 0, "report") == {"files": ["a.png"]}
    assert store.cycles_with_phase(RUN, "report") == {0, 2}


def test_verdicts(store):
    store.record_verdicts(RUN, "a1", [TaskVerdict("t2", "beta", "heldout", 3, 1), TaskVerdict("t1", "alpha",
                                                                                             "heldout", 3, 2)])
    store.record_verdicts(RUN, "a1", [TaskVerdict("t2", "beta", "heldout", 3, 3, "compile")])  # replaces t2's
    assert store.verdicts(RUN, "a1", "heldout") == [TaskVerdict("t1", "alpha", "heldout", 3, 2),
                                                     TaskVerdict("t2", "beta", "heldout", 3, 3, "compile")]
    assert store.verdicts(RUN, None, "heldout") == []


def test_adapter_rows(store, tmp_path):
    assert store.adapter("a1") is None and store.adapter_ids() == set()
    store.record_adapter("a1", path=tmp_path / "a1", strategy="lora", dataset_hash="h0", base_model="m",
                         parent_id=None, run_id=RUN, cycle=0, metadata={"cycle": 0})
    store.record_adapter("a2", path=tmp_path / "a2", strategy="lora", dataset_hash="h1", base_model="m",
                         parent_id="a1", run_id="other", cycle=1, metadata={})
    store.set_adapter_status("a1", "promoted")
    store.set_adapter_metadata("a1", {"cycle": 0, "deactivated": "gone"})
    a1 = store.adapter("a1")
    assert (a1.status, a1.path, a1.metadata, a1.run_id, a1.cycle) == (
        "promoted", tmp_path / "a1", {"cycle": 0, "deactivated": "gone"}, RUN, 0)
    assert a1.updated_at >= a1.created_at
    assert [a.id for a in store.adapters()] == ["a1", "a2"]
    assert [a.id for a in store.adapters(run_id="other")] == ["a2"]
    assert store.adapter_ids() == {"a1", "a2"}


def test_episodes_stored_before_m007_have_no_final_code(tmp_path):
    path = tmp_path / "sleepy.db"
    store = EpisodeStore.open(path)
    episode(store, "new", "alpha_00", passed=True, final_code="fn main() {}\n")
    store.db.execute("delete from _sleepy_migrations where name = 'm007_final_code'")
    store.db.execute("alter table episodes drop column final_code")
    store.db.execute("insert into episodes (id, run_id, task_id, outcome, passed, attempt_idx) "
                     "values ('old', 'r1', 'alpha_01', 'passed', 1, 0)")
    store.close()
    store = EpisodeStore.open(path)  # migrates
    assert "m007_final_code" in migrations.applied_migrations(store.db)
    assert {e.id: e.final_code for e in store.find_episodes(RUN)} == {"new": None, "old": None}
    episode(store, "newer", "alpha_02", passed=True, final_code="fn main() {}\n")
    assert store.find_episodes(RUN, task_id="alpha_02")[0].final_code == "fn main() {}\n"
