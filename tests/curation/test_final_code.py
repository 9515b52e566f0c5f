"""Curation reads the file an episode ended with from the store; episodes stored before it rebuild it from the diff."""

from __future__ import annotations

import json

from sleepy.agent.feedback import unified_diff
from sleepy.curation import TrainingExample, dataset_examples, dataset_file, own_fixes
from sleepy.records import EpisodeRecord, Message, StepRecord, Task
from sleepy.store import EpisodeStore

BUGGY = "pub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n"
FIXED = BUGGY.replace("a - b", "a + b")
TASKS = {t: Task(id=t, family="alpha", split="train", files={"src/lib.rs": BUGGY}) for t in ("alpha_00", "alpha_01")}


def passed(store: EpisodeStore, eid: str, task: str, *, diff: str, code: str | None) -> None:
    step = StepRecord(0, messages=(Message("user", "fix it"),), reply=f"```rust\n{FIXED}```", outcome="passed")
    store.record_episode(EpisodeRecord(eid, "r", task, "passed", True, steps=(step,), family="alpha", split="train",
                                       final_diff=diff, final_code=code))


def test_the_stored_final_code_is_used_and_the_diff_only_without_it(episode_store):
    episode_store.record_run("r", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    # The stored code wins over the diff (here a diff that no longer applies, which used to drop the pair).
    passed(episode_store, "e1", "alpha_00", diff="--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -9 +9 @@\n-x\n+y\n",
           code=FIXED)
    passed(episode_store, "e2", "alpha_01", diff=unified_diff(BUGGY, FIXED, "src/lib.rs"), code=None)  # before m007
    examples = list(own_fixes(episode_store, TASKS, run_id="r", cycle=0, phases=("day",), source="own_fix",
                              weight=1.0))
    assert [(e.episode_id, e.final_code) for e in examples] == [("e1", FIXED), ("e2", FIXED)]


def test_one_reader_finds_a_dataset_where_the_run_directory_is_now(episode_store, tmp_path):
    example = TrainingExample((Message("user", "fix it"),), "fixed", "own_fix", 1.0, "alpha_00", "alpha", "train",
                              "E0382: moved", "e1", "")
    moved = tmp_path / "moved" / "datasets"
    moved.mkdir(parents=True)
    (moved / "abc.jsonl").write_text(json.dumps(example.to_chat_json()) + "\n")
    episode_store.record_dataset("abc", run_id="r", cycle=0, path=tmp_path / "run" / "datasets" / "abc.jsonl",
                                 examples=1, source_counts={}, lineage={}, filter={})
    record = episode_store.dataset("abc")
    assert dataset_file(record) == tmp_path / "run" / "datasets" / "abc.jsonl"
    assert dataset_file(record, moved) == moved / "abc.jsonl"
    assert dataset_examples(record, moved) == [example]
