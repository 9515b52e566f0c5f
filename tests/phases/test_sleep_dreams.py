from __future__ import annotations

import json

import pytest

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.curation.dreams import Dream, check_dreams, dream_pair
from sleepy.run_dir import RunDirectory
from sleepy.sandbox import Sandbox
from tests.phases.conftest import alpha_koans


@pytest.fixture
def koans(tmp_path):
    return alpha_koans(tmp_path, 6)


def _day_then_sleep(tmp_path, koans, sleepy_cli, name, curation):
    cfg = tmp_path / f"{name}.yaml"
    cfg.write_text(json.dumps({
        "backend": {"name": "scripted", "options": {"replies": ["no"] * 6}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}}, "curation": curation,
        "agent": {"max_steps": 1, "concurrency": 1}, "reporters": []}))
    run = tmp_path / name
    assert sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run)).exit_code == 0
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in
            sleepy_cli("export", "dataset", "--run-dir", str(run), "--jsonl").output.splitlines()]
    return run, result.output, rows


def test_dreams_are_pairs_with_their_weight_when_on_and_absent_when_off(tmp_path, koans, sleepy_cli):
    train = {t.id: t for t in KoanTaskSource(KoansOptions(path=str(koans))).iter_tasks(split="train")}
    _, output, rows = _day_then_sleep(tmp_path, koans, sleepy_cli, "off", {})
    assert "dreams:" not in output and {r["source"] for r in rows} == {"reference"}
    run, output, rows = _day_then_sleep(tmp_path, koans, sleepy_cli, "on",
                                        {"dreams": 1, "dreams_limit": 2, "weights": {"dreams": 0.5}})
    dreamt = [r for r in rows if r["source"] == "dreams"]
    # 3 failed train tasks x 1 variant (a rename, which keeps the add koan's tests), at most 2 checked
    assert "dreams: 2 kept of 2" in output and len(dreamt) == 2
    assert {r["weight"] for r in dreamt} == {0.5} and {r["task_id"] for r in dreamt} < set(train)
    assert all(r["episode_id"] is None for r in dreamt)
    user, target = dreamt[0]["messages"][1]["content"], dreamt[0]["messages"][2]["content"]
    assert "It compiles, but tests fail" in user and target.startswith("```rust") and " + " in target
    original = train[dreamt[0]["task_id"]].files["src/lib.rs"]
    assert original.strip() not in user and original.splitlines()[0] in user  # a variant of the koan, not itself
    store = RunDirectory(run).open_store()
    lineage = json.loads(next(store.db.query("select filter_json from datasets"))["filter_json"])
    assert (lineage["dreams"]["made"], lineage["dreams"]["kept"]) == (2, 2)


def test_a_dreams_prompt_is_the_prompt_the_agent_sees_at_that_state(tmp_path, koans, sleepy_cli):
    """An unmutated 'dream' of a task gets exactly the first prompt of the day episode on that task."""
    _, _, rows = _day_then_sleep(tmp_path, koans, sleepy_cli, "same", {})
    reference = next(r for r in rows if r["source"] == "reference")
    task = next(t for t in KoanTaskSource(KoansOptions(path=str(koans))).iter_tasks(split="train")
                if t.id == reference["task_id"])
    path = next(iter(task.files))
    unchanged = Dream(task, 0, task.files[path], task.reference_files[path], ())
    pair = dream_pair(check_dreams([unchanged], Sandbox(), clippy=True)[0], reply_format="whole_file",
                      feedback_chars=4000, weight=2.0)
    assert [{"role": m.role, "content": m.content} for m in pair.messages] == reference["messages"][:2]
    assert pair.target == reference["messages"][2]["content"]
