from __future__ import annotations

import json

import pytest

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.curation import SplitLeak, curate, own_fixes, read_dataset, reference_fixes, split_guard, write_dataset
from sleepy.koans import freeze, load_koans
from sleepy.run_dir import RunDirectory
from sleepy.sandbox import Sandbox
from tests.koans.conftest import LIB, write_koan

FIXED = LIB.replace("a - b", "a + b")
LINTED = LIB.replace("    a - b\n", "    return a + b;\n")  # passes tests, fails clippy (needless_return)


@pytest.fixture
def koans(tmp_path):
    root = tmp_path / "koans"
    for i in range(6):
        write_koan(root, "alpha", f"alpha_{i:02d}", lib=LIB.replace("two numbers", f"two numbers {i}"))
    freeze(root, load_koans(root))
    return root


def run_day(tmp_path, koans, sleepy_cli, split, replies):
    cfg = tmp_path / f"{split}.yaml"
    cfg.write_text(json.dumps({"backend": {"name": "scripted", "options": {"replies": replies}},
                               "tasks": {"name": "koans", "options": {"path": str(koans)}},
                               "agent": {"max_steps": 2, "concurrency": 1}, "reporters": []}))
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(tmp_path / "run"), "--split", split)
    assert result.exit_code == 0, result.output


# train split (3 koans): fixed at once; fixed after an unusable reply; never fixed
REPLIES = [f"```rust\n{FIXED}```", "no idea", f"```rust\n{LINTED}```", "still nothing", "nope", "give up"]


@pytest.fixture
def day(tmp_path, koans, sleepy_cli):
    run_day(tmp_path, koans, sleepy_cli, "train", REPLIES)
    directory = RunDirectory(tmp_path / "run")
    store = directory.open_store()
    run_id = next(store.db.query("select id from runs"))["id"]
    return directory, store, run_id


def tasks(koans, split=None):
    return {t.id: t for t in KoanTaskSource(KoansOptions(path=str(koans))).iter_tasks(split=split)}


def test_own_fix_and_reference_examples_are_labelled(day, koans):
    _, store, run_id = day
    train = tasks(koans, "train")
    own = list(own_fixes(store, train, run_id=run_id, cycle=0, phases=("day",), source="own_fix", weight=1.0))
    ref = list(reference_fixes(store, train, run_id=run_id, cycle=0, weight=2.0))
    assert sorted(e.source for e in own) == ["own_fix", "own_fix"]
    assert all(e.messages[0].role == "system" and "```rust" in e.messages[1].content for e in own)
    # reference pairs: the two episodes whose first attempt failed, each with the koan's fix
    assert len(ref) == 2 and all(e.weight == 2.0 and "a + b" in e.target for e in ref)


def test_test_and_clippy_filter(day, koans):
    _, store, run_id = day
    train = tasks(koans, "train")
    own = list(own_fixes(store, train, run_id=run_id, cycle=0, phases=("day",), source="own_fix", weight=1.0))
    kept, dropped = curate(own, train, Sandbox(), require_clippy=True, max_examples=10, seed=0)
    assert len(kept) == 1 and "return" not in kept[0].final_code and dropped == {"failed_checks": 1}
    kept, _ = curate(own, train, Sandbox(), require_clippy=False, max_examples=10, seed=0)
    assert len(kept) == 2


def test_heldout_and_frozen_tasks_never_reach_a_training_set(tmp_path, day, koans, sleepy_cli):
    directory, store, run_id = day
    run_day(tmp_path, koans, sleepy_cli, "heldout", REPLIES)
    # Even an episode row that claims to be from the train split is judged by the task source.
    store.db.execute("update episodes set split = 'train'")
    store.db.conn.commit()
    all_tasks, train = tasks(koans), tasks(koans, "train")
    heldout_ids = {t for t, task in all_tasks.items() if task.split != "train"}
    own = list(own_fixes(store, train, run_id=run_id, cycle=0, phases=("day",), source="own_fix", weight=1.0))
    assert own and not {e.task_id for e in own} & heldout_ids
    leaky = list(own_fixes(store, all_tasks, run_id=run_id, cycle=0, phases=("day",), source="own_fix", weight=1))
    assert {e.task_id for e in leaky} & heldout_ids  # the guard below is what stops these
    with pytest.raises(SplitLeak, match="outside the train split"):
        split_guard(leaky, all_tasks)
    with pytest.raises(SplitLeak):
        write_dataset(leaky, directory.path / "datasets", store, run_id=run_id, cycle=0, dropped={},
                      tasks=all_tasks, settings={})


def test_dataset_is_versioned_deduplicated_and_loadable(day, koans):
    directory, store, run_id = day
    train = tasks(koans, "train")
    ref = list(reference_fixes(store, train, run_id=run_id, cycle=0, weight=2.0))
    kept, dropped = curate(ref + ref, train, Sandbox(), require_clippy=True, max_examples=10, seed=0)
    assert dropped["duplicate"] == 2
    version = write_dataset(kept, directory.path / "datasets", store, run_id=run_id, cycle=0, dropped=dropped,
                            tasks=train, settings={"require_clippy": True})
    again = write_dataset(kept, directory.path / "datasets", store, run_id=run_id, cycle=0, dropped=dropped,
                          tasks=train, settings={"require_clippy": True})
    assert version.hash == again.hash and store.db.table("datasets").count == 1
    rows = [json.loads(line) for line in version.path.read_text().splitlines()]
    assert [m["role"] for m in rows[0]["messages"]] == ["system", "user", "assistant"]
    assert {r["source"] for r in rows} == {"reference"}
    assert [e.target for e in read_dataset(version.path)] == [e.target for e in kept]
    lineage = json.loads(next(store.db.query("select lineage_json from datasets"))["lineage_json"])
    assert lineage["sources_per_family"] == {"alpha": {"reference": 2}}
