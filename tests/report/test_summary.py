from __future__ import annotations

import uuid

from sleepy.records import EpisodeRecord
from sleepy.report import cycle_summaries, markdown_table
from sleepy.store import TaskVerdict, record_verdicts


def record(store, split, passed, *, phase="day", adapter_id=None, check="test"):
    task_id = f"{split}_{uuid.uuid4().hex[:6]}"
    store.record_episode(EpisodeRecord(id=uuid.uuid4().hex, run_id="r", task_id=task_id,
                                       outcome="passed" if passed else "test_failure", passed=passed, phase=phase,
                                       split=split, family="alpha", adapter_id=adapter_id, task_check=check))
    if phase == "eval":  # what the gate stores for the episodes it evaluated (one seed here)
        record_verdicts(store.db, "r", adapter_id, [TaskVerdict(task_id, "alpha", split, 1, int(passed), check)])


def counts(summary):
    return {split: (rate["k"], rate["n"]) for split, rate in summary["pass_rate"].items()}


def test_the_train_rate_counts_only_train_day_episodes_and_a_day_on_heldout_is_the_heldout_rate(episode_store):
    # examples/baseline.yaml: `sleepy day --split train` then `sleepy day --split heldout`, no evaluation.
    for passed in (True, False, False):
        record(episode_store, "train", passed)
    for passed in (True, True, False, False, False):
        record(episode_store, "heldout", passed)
    [summary] = cycle_summaries(episode_store, "r")
    assert counts(summary) == {"train": (1, 3), "heldout": (2, 5), "frozen": (0, 0)}
    assert "| 0 | base | 33% (1/3, 6%-79%) | 40% (2/5, 12%-77%) | - |" in markdown_table([summary])


def test_the_gates_verdicts_take_precedence_over_day_episodes_of_the_same_split(episode_store):
    record(episode_store, "train", True)
    record(episode_store, "heldout", True)
    for passed in (False, False):
        record(episode_store, "heldout", passed, phase="eval")
    [summary] = cycle_summaries(episode_store, "r")
    assert counts(summary)["heldout"] == (0, 2) and counts(summary)["train"] == (1, 1)


def test_the_model_of_a_cycle_without_a_decision_is_the_adapter_its_day_ran(episode_store):
    record(episode_store, "train", True, adapter_id="a1")
    record(episode_store, "heldout", True, phase="eval", adapter_id="a1")
    record(episode_store, "heldout", False, phase="eval", adapter_id=None)  # the base model, measured earlier
    [summary] = cycle_summaries(episode_store, "r")
    assert summary["model"] == "a1" and counts(summary)["heldout"] == (1, 1)


def test_passes_of_tasks_without_tests_are_counted_apart(episode_store):
    for passed, check in ((True, "compile"), (True, "test"), (False, "compile")):
        record(episode_store, "train", passed, check=check)
    record(episode_store, "heldout", True, phase="eval", check="compile")
    [summary] = cycle_summaries(episode_store, "r")
    assert summary["pass_rate"]["train"]["compile_only"] == 1
    assert summary["pass_rate"]["heldout"]["compile_only"] == 1
    table = markdown_table([summary])
    assert "67% (2/3, 21%-94%); 1 of the passes compile-only" in table
