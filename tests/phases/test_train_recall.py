"""Trained-on recall: the candidate on train koans it was trained on and that failed in the day.

The quality backend's "knows" adapter fixes exactly the koans listed in the trainer's `knows` option that its
training set held, and replies like the base model elsewhere, so the figure must count exactly those.
"""

from __future__ import annotations

import json

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.store import open_database
from tests.phases.adapter_backend import write_config


def splits_of(tmp_path):
    """task id -> split of write_config's koans (write it first)."""
    source = KoanTaskSource(KoansOptions(path=str(tmp_path / "koans")))
    return {t.id: t.split for t in source.iter_tasks()}


def train_ids(tmp_path):
    write_config(tmp_path)  # writes the koans
    return sorted(t for t, split in splits_of(tmp_path).items() if split == "train")


def decision(run, cycle=0):
    row = next(open_database(run / "sleepy.db").query("select * from gate_decisions where cycle = ?", [cycle]))
    return bool(row["promoted"]), json.loads(row["results_json"])


def rows(run, sql, args=()):
    return list(open_database(run / "sleepy.db").query(sql, list(args)))


def recall_verdicts(run):
    return {(r["adapter_id"], r["task_id"]): bool(r["passed"])
            for r in rows(run, "select * from eval_verdicts where split = 'train_recall'")}


def test_recall_counts_exactly_the_train_koans_the_adapter_learned(tmp_path, quality, sleepy_cli):
    train = train_ids(tmp_path)
    assert len(train) == 6
    known = train[:3]
    # Heldout koans in `knows` are never learned: the training set holds train koans only.
    heldout = [t for t, split in splits_of(tmp_path).items() if split == "heldout"]
    cfg, run = write_config(tmp_path, {"knows": [*known, *heldout]}), tmp_path / "run"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 0, result.output
    promoted, results = decision(run)
    assert promoted
    recall = results["train_recall"]
    assert recall == {"tasks": train, "eligible": 6, "candidate_passed": known, "current_passed": [],
                      "current_measured": "day"}
    # The per-task verdicts are stored like every evaluation's, under their own label, for the candidate only:
    # at temperature 0 the base model's day episodes stand for its evaluation.
    [candidate] = {r["candidate_id"] for r in rows(run, "select candidate_id from gate_decisions")}
    assert recall_verdicts(run) == {(candidate, t): t in known for t in train}
    recall_episodes = rows(run, "select * from episodes where phase = 'eval' and split = 'train'")
    assert sorted(e["task_id"] for e in recall_episodes) == train
    assert {e["adapter_id"] for e in recall_episodes} == {candidate}
    line = ("cycle 0 learned: the candidate passes 3 of the 6 train koans the day failed (trained on their fixes: "
            "recall, not generalisation; heldout 0/4 -> 0/4 is the generalisation test)")
    assert line in result.output
    # The decision label is untouched: a trained-on recall is no measured gain.
    assert f"cycle 0 gate: promoted, no measured gain {candidate}" in result.output
    summary = (run / "plots" / "summary.md").read_text()
    assert f"- cycle 0: {line.removeprefix('cycle 0 ')}" in summary
    cycle = json.loads((run / "plots" / "summary.json").read_text())["cycles"][0]
    assert cycle["candidate"]["train_recall"]["candidate_passed"] == known
    assert set(cycle["pass_rate"]) == {"train", "heldout", "frozen"}  # no recall "split" among the pass rates


def test_recall_never_reaches_the_gates(tmp_path, quality, sleepy_cli, register_plugin):
    """The gates see heldout and frozen only, and decide the same with recall on or off."""
    from sleepy import hookimpl
    from sleepy.gating import GateResult

    seen = []

    class SpyGate:
        def __init__(self, options=None):
            pass

        def evaluate(self, gate_input):
            seen.append({split: sorted(o.tasks) for split, o in gate_input.splits.items()})
            return GateResult("spy", True, ("looked",))

    class SpyPlugin:
        @hookimpl
        def sleepy_register_gates(self, register):
            register.add("spy", SpyGate)

    register_plugin(SpyPlugin(), name="spy")
    train = train_ids(tmp_path)
    gates = [{"name": "spy"}, {"name": "heldout_improvement", "options": {"min_delta": 0.5}}, {"name": "no_regression"}]
    outcomes = {}
    for limit in (0, 6):
        cfg = write_config(tmp_path, {"knows": train}, gates=gates, evaluation={"train_recall_limit": limit})
        run = tmp_path / f"run{limit}"
        result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
        promoted, results = decision(run)
        outcomes[limit] = (promoted, [(g["gate"], g["passed"], g["reasons"]) for g in results["gates"]],
                           results["rates"])
        if limit:
            # Every trained-on koan recalled, and still rejected: heldout did not rise by 0.5.
            assert results["train_recall"]["candidate_passed"] == train
            assert "cycle 0 gate: rejected" in result.output
            assert "cycle 0 learned: the candidate passes 6 of the 6 train koans" in result.output
        else:
            assert results["train_recall"] is None and not recall_verdicts(run)
            assert not rows(run, "select * from episodes where phase = 'eval' and split = 'train'")
            assert "train koans" not in result.output
            assert "Trained-on recall" not in (run / "plots" / "summary.md").read_text()
    assert outcomes[0] == outcomes[6] and outcomes[0][0] is False
    splits = splits_of(tmp_path)
    for split_tasks in seen:
        assert set(split_tasks) == {"heldout", "frozen"}
        assert all(splits[t] == split for split, tasks in split_tasks.items() for t in tasks)


def test_the_limit_samples_the_same_train_koans_every_time(tmp_path, quality, sleepy_cli):
    train = train_ids(tmp_path)
    chosen = []
    for name in ("a", "b"):
        cfg = write_config(tmp_path, {"knows": train}, evaluation={"train_recall_limit": 2})
        run = tmp_path / name
        result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
        recall = decision(run)[1]["train_recall"]
        assert recall["eligible"] == 6 and len(recall["tasks"]) == 2 and set(recall["tasks"]) <= set(train)
        assert "passes 2 of the 2 train koans the day failed (2 sampled of 6; trained on their fixes" in result.output
        chosen.append(recall["tasks"])
    assert chosen[0] == chosen[1]


def test_only_train_koans_that_failed_in_the_day_and_were_trained_on_count(tmp_path, quality, sleepy_cli):
    # The adapters learn the first 3 train koans. Cycle 1's day (under cycle 0's adapter) passes those and fails
    # the other 3; its training set holds all 6 (own fixes and reference fixes), yet only the 3 that failed in
    # its day count. A heldout day of the same cycles never makes a heldout koan eligible.
    train = train_ids(tmp_path)
    cfg, run = write_config(tmp_path, {"knows": train[:3]}), tmp_path / "run"
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--split", "heldout").exit_code == 0
    first = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert decision(run, 0)[1]["train_recall"]["tasks"] == train, first.output
    second = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert "cycle 1 day: 3/6 train tasks passed" in second.output
    sources = rows(run, "select source_counts_json from datasets where cycle = 1")[0]["source_counts_json"]
    assert json.loads(sources) == {"own_fix": 3, "reference": 3}
    recall = decision(run, 1)[1]["train_recall"]
    assert recall["tasks"] == train[3:] and recall["eligible"] == 3
    assert recall["candidate_passed"] == [] and recall["current_measured"] == "day"
    assert ("cycle 1 trained-on recall: the candidate passes 0 of the 3 train koans the day failed"
            in second.output)
    assert {t for _, t in recall_verdicts(run)} == set(train)


def test_the_current_model_is_evaluated_too_when_its_day_does_not_stand_for_an_evaluation(tmp_path, quality,
                                                                                        sleepy_cli):
    # At a temperature the day's seed matters, so the current model is evaluated on the same tasks and seeds.
    train = train_ids(tmp_path)
    cfg = write_config(tmp_path, {"knows": train[:2]}, agent={"max_steps": 1, "concurrency": 4, "temperature": 0.7})
    run = tmp_path / "run"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    recall = decision(run)[1]["train_recall"]
    assert recall["current_measured"] == "eval" and recall["current_passed"] == []
    verdicts = recall_verdicts(run)
    assert {t for a, t in verdicts if a is None} == set(train)  # the base model, evaluated
    seeds = {(e["adapter_id"], e["task_id"]): e["seed"]
             for e in rows(run, "select * from episodes where phase = 'eval' and split = 'train'")}
    assert all(seeds[(None, t)] == seeds[(a, t)] for a, t in verdicts if a is not None)
    assert ("passes 2 of the 6 train koans the day failed, the current model 0 of 6 under the same evaluation "
            "seeds") in result.output
