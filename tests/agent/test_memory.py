"""The `memory` baseline: earlier train fixes of the same error, recalled into the prompt; never another split."""

from __future__ import annotations

import json

import pytest

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.memory import EpisodeMemory, recallable
from sleepy.agent.prompts import task_message
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.config import AgentConfig, MemoryConfig, load_config, resolve
from sleepy.errors import ConfigError
from sleepy.records import EpisodeRecord, SamplingParams, Task
from sleepy.sandbox import Sandbox
from sleepy.store import EpisodeStore
from tests.agent.test_episode import BUGGY

RUN = "r1"
MUT = "E0596: cannot borrow `{}` as mutable, as it is not declared as mutable"
MOVED = "E0382: borrow of moved value: `{}`"
MOVED_OTHER = "E0382: use of moved value: `{}`"


def diff_of(task_id: str) -> str:
    return f"--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1 +1 @@\n-before {task_id}\n+after {task_id}\n"


def record(store: EpisodeStore, eid: str, task_id: str, signature: str | None, *, split: str = "train",
           passed: bool = True, family: str | None = None) -> None:
    store.record_episode(EpisodeRecord(
        eid, RUN, task_id, "passed" if passed else "failed", passed, phase="day" if split == "train" else "eval",
        family=family or task_id.split("_")[0], split=split, first_error_signature=signature,
        final_diff=diff_of(task_id)))


def task(task_id: str, split: str = "heldout") -> Task:
    return Task(id=task_id, family=task_id.split("_")[0], split=split, files={"src/lib.rs": BUGGY})


@pytest.fixture
def store(episode_store: EpisodeStore) -> EpisodeStore:
    episode_store.record_run(RUN, command="cycle", config_hash="h", config={}, seed=0, sleepy_version="0")
    return episode_store


TRAIN = {"mut_01", "mut_02", "moves_01", "moves_02", "borrow_01", "other_01"}


def test_recalls_train_fixes_best_match_first(store):
    record(store, "e1", "borrow_01", MUT)  # same signature, other family
    record(store, "e2", "moves_01", MOVED_OTHER)  # same error code only
    record(store, "e3", "mut_01", "E0308: mismatched types")  # same family only
    record(store, "e4", "other_01", "E0308: mismatched types")  # nothing in common
    record(store, "e5", "mut_02", MUT, passed=False)  # failed: nothing to learn from
    memory = EpisodeMemory(store, RUN, TRAIN, MemoryConfig(k=3))
    fixes = memory.recall(task("mut_09"), MOVED)
    assert [f.task_id for f in fixes] == ["moves_01", "mut_01"]
    fixes = memory.recall(task("mut_09"), MUT)
    assert [f.task_id for f in fixes] == ["borrow_01", "mut_01"]
    assert fixes[0].diff == diff_of("borrow_01") and fixes[0].signature == MUT
    assert len(EpisodeMemory(store, RUN, TRAIN, MemoryConfig(k=1)).recall(task("mut_09"), MUT)) == 1


def test_one_fix_per_task_most_recent_first(store):
    record(store, "e1", "moves_01", MOVED)
    record(store, "e2", "moves_02", MOVED)
    record(store, "e3", "moves_01", MOVED)
    fixes = EpisodeMemory(store, RUN, TRAIN, MemoryConfig(k=3)).recall(task("mut_09"), MOVED)
    assert [f.episode_id for f in fixes] == ["e3", "e2"]


def test_heldout_and_frozen_episodes_are_never_recalled_even_when_they_match(store):
    record(store, "h1", "mut_05", MUT, split="heldout")
    record(store, "f1", "mut_06", MUT, split="frozen")
    memory = EpisodeMemory(store, RUN, TRAIN | {"mut_05", "mut_06"}, MemoryConfig(k=5))
    assert memory.recall(task("mut_09"), MUT) == []
    # Recorded as train, but the task source puts the task elsewhere: the split guard drops it too.
    record(store, "t1", "mut_07", MUT, split="train")
    assert memory.recall(task("mut_09"), MUT) == []
    assert [f.task_id for f in EpisodeMemory(store, RUN, TRAIN | {"mut_07"}, MemoryConfig()).recall(
        task("mut_09"), MUT)] == ["mut_07"]
    # The guard alone, on every episode of the run: only the train one is recallable.
    everything = store.find_episodes(RUN)
    assert [r.id for r in recallable(everything, TRAIN | {"mut_05", "mut_06", "mut_07"})] == ["t1"]


def test_the_prompt_shows_recalled_diffs_only_with_memory_on(store):
    record(store, "e1", "alpha_02", None, family="alpha")  # a test failure: no compiler signature, same family
    sandbox = Sandbox()
    episodes = {}
    for name, memory in (("off", None), ("on", EpisodeMemory(store, RUN, {"alpha_02"}, MemoryConfig()))):
        episode = EpisodeRun(task("alpha_01", "train"), config=AgentConfig(max_steps=1),
                             tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=sandbox, params=SamplingParams(),
                             identity={"id": name, "run_id": RUN}, memory=memory)
        episode.start()
        episodes[name] = episode
    on, off = (episodes[n].request().messages[1].content for n in ("on", "off"))
    assert "+after alpha_02" in on and "Fixes that worked for similar errors" in on
    assert "after alpha_02" not in off and "similar errors" not in off
    # Off, the prompt is exactly what it was before memory existed.
    assert off == task_message(path="src/lib.rs", source=BUGGY, feedback=episodes["off"].feedback,
                               reply_format="whole_file", attempt=0)


def test_memory_is_an_agent_option_left_out_of_the_hash_when_off(tmp_path, sleepy_registry):
    def resolved(agent: dict[str, object]):
        path = tmp_path / "c.yaml"
        path.write_text(json.dumps({"backend": "scripted", "agent": agent}))
        return resolve(load_config(path), sleepy_registry(), str(path))

    off, on = resolved({}), resolved({"memory": {}})
    assert "memory" not in off.snapshot()["agent"]
    assert on.snapshot()["agent"]["memory"] == {"k": 3, "diff_chars": 1200}
    assert on.config.agent.memory == MemoryConfig() and off.config_hash() != on.config_hash()
    with pytest.raises(ConfigError, match=r"\$\.agent\.memory(\.k)?: 'k' must be >= 1"):
        resolved({"memory": {"k": 0}})


def test_eval_outcomes_of_one_cycle(store):
    for cycle in (0, 1):
        store.record_episode(EpisodeRecord(f"v{cycle}", RUN, "mut_05", "passed" if cycle else "failed", bool(cycle),
                                           phase="eval", split="heldout", cycle=cycle, config_hash="h"))
    assert [o.passed for o in store.eval_outcomes(RUN, None, 0, "h")] == [False, True]
    assert [o.passed for o in store.eval_outcomes(RUN, None, 0, "h", 1)] == [True]
