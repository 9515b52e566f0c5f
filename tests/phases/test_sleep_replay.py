"""Replay draws earlier training examples at random under the run's seed, not a dataset's first rows."""

from __future__ import annotations

import json

import pytest

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.curation import TrainingExample, read_dataset, write_dataset
from sleepy.records import Message
from sleepy.run_dir import RunDirectory
from tests.phases.conftest import alpha_koans


@pytest.fixture
def koans(tmp_path):
    return alpha_koans(tmp_path, 6)


def replayed(tmp_path, koans, sleepy_cli, seed):
    """Cycle 0's dataset of 20 examples, then cycle 1's, which holds nothing but replay (25%)."""
    tmp_path.mkdir(exist_ok=True)
    cfg = tmp_path / f"seed{seed}.yaml"
    cfg.write_text(json.dumps({
        "seed": seed, "backend": {"name": "scripted", "options": {"replies": ["no"] * 10}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}}, "agent": {"max_steps": 1, "concurrency": 1},
        "curation": {"own_fix": False, "reference": False, "replay_fraction": 0.25}, "reporters": []}))
    run = tmp_path / f"run{seed}"
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--limit", "1").exit_code == 0  # starts the run
    directory = RunDirectory(run)
    store = directory.open_store()
    run_id = next(store.db.query("select id from runs"))["id"]
    train = {t.id: t for t in KoanTaskSource(KoansOptions(path=str(koans))).iter_tasks(split="train")}
    ids = sorted(train)
    first = [TrainingExample((Message("system", "s"), Message("user", f"fix {i}")), f"```rust\n// {i}\n```",
                             "own_fix", 1.0, ids[i % len(ids)], "alpha", "train", None, None, "") for i in range(20)]
    write_dataset(first, directory.path / "datasets", store, run_id=run_id, cycle=0, dropped={}, tasks=train,
                  settings={})
    store.close()
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(run), "--cycle", "1")
    assert result.exit_code == 0, result.output
    store = directory.open_store()
    row = next(store.db.query("select path from datasets where cycle = 1"))
    store.close()
    return [e.target for e in first], [e.target for e in read_dataset(directory.path / "datasets" /
                                                                        row["path"].rsplit("/", 1)[-1])]


def test_replay_is_a_seeded_random_sample_of_earlier_datasets(tmp_path, koans, sleepy_cli):
    earlier, sample = replayed(tmp_path, koans, sleepy_cli, seed=0)
    assert len(sample) == 5 and len(set(sample)) == 5 and set(sample) <= set(earlier)
    assert set(sample) != set(earlier[:5])  # not the dataset's first rows
    again_earlier, again = replayed(tmp_path / "again", koans, sleepy_cli, seed=0)
    assert again_earlier == earlier and set(again) == set(sample)  # the same seed draws the same examples
    _, other = replayed(tmp_path, koans, sleepy_cli, seed=1)
    assert len(other) == 5 and set(other) != set(sample)  # another run seed, another draw
