"""`sleepy eval`: an adapter on a koan collection, through the gate's evaluation, with the gate's figures."""

from __future__ import annotations

import json

import pytest
from attrs import evolve

from sleepy.adapters import AdapterRegistry
from sleepy.koans import Manifest, freeze, load_koans, read_manifest
from sleepy.koans.manifest import MANIFEST_FILE
from sleepy.run_dir import RunDirectory
from tests.adapters.fake_adapter import make_adapter
from tests.koans.conftest import LIB, write_koan
from tests.phases.adapter_backend import QualityPlugin
from tests.phases.conftest import alpha_koans

# Three koans of three families, each with its own function (the same `a - b` bug): a file that fixes one
# of them leaves the other two failing to compile against their own tests.
FUNCTIONS = {"alpha": "add", "beta": "plus", "gamma": "total"}
FIXED_ALPHA = LIB.replace("a - b", "a + b")
REPLY = f"```rust\n{FIXED_ALPHA}```"
# 95% Wilson score interval of 1 of 3 (z = 1.959964): centre 0.42692, half-width 0.36542.
ONE_OF_THREE = (0.061492, 0.792334)


def write_collection(root, splits):
    """Koans `<family>_00` with the given splits (family -> split), frozen into a manifest."""
    for family in splits:
        write_koan(root, family, f"{family}_00", lib=LIB.replace("add", FUNCTIONS[family]))
    manifest, _ = freeze(root, load_koans(root))
    pinned = {k: evolve(e, split=splits[e.family]) for k, e in manifest.entries.items()}
    (root / MANIFEST_FILE).write_text(Manifest(manifest.suite_version, pinned, manifest.history).to_json())
    return root


@pytest.fixture
def quality(register_plugin):
    """The `quality` backend: fixes every `a - b` under an adapter whose metadata says "good", nothing without."""
    register_plugin(QualityPlugin(), name="quality")


@pytest.fixture
def collection(tmp_path):
    return write_collection(tmp_path / "byo", {"alpha": "heldout", "beta": "heldout", "gamma": "heldout"})


def config(tmp_path, backend):
    """A run config whose own tasks are other koans (tmp_path/koans), so only --tasks can supply the collection."""
    path = tmp_path / "c.yaml"  # JSON is valid YAML
    path.write_text(json.dumps({"backend": backend, "tasks": {"name": "koans", "options": {
        "path": str(alpha_koans(tmp_path, 2))}}, "agent": {"max_steps": 1, "concurrency": 1}, "reporters": []}))
    return path


def scripted(replies):
    return {"name": "scripted", "options": {"replies": replies}}


def run_eval(sleepy_cli, tmp_path, collection, *args, cfg=None):
    options = ["-c", str(cfg)] if cfg is not None else []
    return sleepy_cli("eval", "--tasks", str(collection), "--run-dir", str(tmp_path / "run"), *options, *args)


def test_one_of_three_fixed_reports_the_gates_figures(tmp_path, collection, sleepy_cli):
    cfg = config(tmp_path, scripted([REPLY] * 3))
    out = tmp_path / "eval.json"
    result = run_eval(sleepy_cli, tmp_path, collection, "--json", str(out), cfg=cfg)
    assert result.exit_code == 0, result.output
    assert "model: scripted (scripted backend), no adapter: the base model" in result.output
    assert "eval:byo@" in result.output and "3/3" in result.output  # the progress bar, though no reporter is set
    assert "eval byo (heldout, the base model): 1/3 passed, pass rate 33.3% (1/3, 95% CI 6.1%-79.2%)" in result.output
    assert "per family: alpha 1/1; beta 0/1; gamma 0/1" in result.output
    assert "median steps to green: 1" in result.output
    assert "repeat-error rate: n/a (no training set in this run; 2 first errors)" in result.output
    figures = json.loads(out.read_text())
    rate = figures["pass_rate"]
    assert (rate["k"], rate["n"], rate["rate"]) == (1, 3, pytest.approx(1 / 3))
    assert (rate["low"], rate["high"]) == (pytest.approx(ONE_OF_THREE[0], abs=1e-5),
                                           pytest.approx(ONE_OF_THREE[1], abs=1e-5))
    assert {f: (r["k"], r["n"]) for f, r in figures["by_family"].items()} == {
        "alpha": (1, 1), "beta": (0, 1), "gamma": (0, 1)}
    assert figures["median_steps_to_green"] == 1 and figures["adapter"] is None
    assert figures["repeat_error"] == {"first_errors": 2, "trained_signature": 0, "rate": None,
                                       "trained_signatures": 0}
    assert figures["split"] == "heldout" and figures["tasks_total"] == 3 and figures["reused"] == 0
    assert figures["collection"]["name"] == "byo" and figures["collection"]["phase"].startswith("eval:byo@")
    tasks = {t["task_id"]: t for t in figures["tasks"]}
    assert [t["task_id"] for t in figures["tasks"]] == ["alpha_00", "beta_00", "gamma_00"]
    assert (tasks["alpha_00"]["passed"], tasks["alpha_00"]["passes"], tasks["alpha_00"]["seeds"]) == (True, 1, 1)
    [alpha] = tasks["alpha_00"]["episodes"]
    assert (alpha["outcome"], alpha["steps_to_green"], alpha["first_error_signature"]) == ("passed", 1, None)
    [beta] = tasks["beta_00"]["episodes"]
    assert beta["outcome"] != "passed" and beta["first_error_signature"].startswith("E0425")  # `plus` not found
    assert tasks["gamma_00"]["split"] == "heldout" and tasks["gamma_00"]["passed"] is False
    # Stored under the collection's own phase and label: the gate's cache (phase `eval`) sees none of it.
    store = RunDirectory(tmp_path / "run").open_store()
    try:
        run_id = figures["run_id"]
        phase = figures["collection"]["phase"]
        assert {e.phase for e in store.find_episodes(run_id)} == {phase}
        assert store.eval_outcomes(run_id, None, 0, figures["config_hash"]) == []
        assert [v.task_id for v in store.verdicts(run_id, None, phase) if v.passed] == ["alpha_00"]
        assert store.verdicts(run_id, None, "heldout") == []
    finally:
        store.close()


def test_a_killed_eval_resumes_without_redoing_finished_tasks(tmp_path, collection, sleepy_cli):
    # One reply per invocation: each run finishes one more koan, then the backend fails (as a crash would).
    cfg = config(tmp_path, scripted([REPLY]))
    first = run_eval(sleepy_cli, tmp_path, collection, cfg=cfg)
    assert first.exit_code == 1
    assert first.output.strip().splitlines()[-1] == "sleepy: error: scripted backend: no reply queued for request #2"
    store = RunDirectory(tmp_path / "run").open_store()
    [kept] = [(e.id, e.task_id, e.passed) for e in store.find_episodes(store.runs()[0].id)]
    store.close()
    assert kept[1:] == ("alpha_00", True)
    assert run_eval(sleepy_cli, tmp_path, collection, cfg=cfg).exit_code == 1  # beta ran, gamma did not
    last = run_eval(sleepy_cli, tmp_path, collection, "--json", str(tmp_path / "e.json"), cfg=cfg)
    assert last.exit_code == 0, last.output
    assert "2 of 3 koans measured by an earlier run, not rerun" in last.output
    assert "1/3 passed" in last.output
    store = RunDirectory(tmp_path / "run").open_store()
    episodes = store.find_episodes(store.runs()[0].id)
    store.close()
    assert [e.task_id for e in episodes] == ["alpha_00", "beta_00", "gamma_00"]  # each ran once
    assert (episodes[0].id, episodes[0].task_id, episodes[0].passed) == kept
    assert [[x["id"] for x in t["episodes"]] for t in json.loads((tmp_path / "e.json").read_text())["tasks"]] == [
        [e.id] for e in episodes]
    # Without -c the run's own config.resolved.yaml is used: the same config hash, so nothing runs again.
    again = run_eval(sleepy_cli, tmp_path, collection)
    assert again.exit_code == 0, again.output
    assert "3 of 3 koans measured by an earlier run" in again.output and "1/3 passed" in again.output


def test_limit_takes_the_first_koans_and_a_later_full_run_adds_the_rest(tmp_path, collection, sleepy_cli):
    cfg = config(tmp_path, scripted([REPLY] * 3))
    partial = run_eval(sleepy_cli, tmp_path, collection, "--limit", "1", cfg=cfg)
    assert partial.exit_code == 0 and "1/1 passed" in partial.output and "per family: alpha 1/1" in partial.output
    whole = run_eval(sleepy_cli, tmp_path, collection, cfg=cfg)
    assert whole.exit_code == 0 and "1 of 3 koans measured by an earlier run" in whole.output
    assert "1/3 passed" in whole.output


def quality_adapter(path, quality):
    make_adapter(path, base_model="tiny-base")
    meta = path / "sleepy_adapter.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "quality": quality}))
    return path


def test_an_adapter_by_directory_or_by_registry_id(tmp_path, collection, sleepy_cli, quality):
    # The quality backend fixes every `a - b` under a "good" adapter and nothing without one.
    cfg = config(tmp_path, "quality")
    base = run_eval(sleepy_cli, tmp_path, collection, cfg=cfg)
    assert base.exit_code == 0 and "0/3 passed" in base.output
    source = quality_adapter(tmp_path / "good", "good")
    by_path = run_eval(sleepy_cli, tmp_path, collection, "--adapter", str(source), "--json",
                       str(tmp_path / "p.json"), cfg=cfg)
    assert by_path.exit_code == 0, by_path.output
    adapter = json.loads((tmp_path / "p.json").read_text())["adapter"]
    assert adapter["id"].startswith("dir-") and adapter["registered"] is False
    assert f"adapter {adapter['id']} (the directory {source})" in by_path.output and "3/3 passed" in by_path.output
    store = RunDirectory(tmp_path / "run").open_store()
    registered = AdapterRegistry(tmp_path / "run" / "adapters", store).register(
        quality_adapter(tmp_path / "also-good", "good"), strategy="lora", dataset_hash=None, base_model="tiny-base")
    store.close()
    by_id = run_eval(sleepy_cli, tmp_path, collection, "--adapter", registered.id, cfg=cfg)
    assert by_id.exit_code == 0, by_id.output
    assert f"adapter {registered.id} (of the run's registry)" in by_id.output and "3/3 passed" in by_id.output
    # The base model's results were neither reused for an adapter nor disturbed by one.
    again = run_eval(sleepy_cli, tmp_path, collection, "--adapter", "base", cfg=cfg)
    assert "3 of 3 koans measured by an earlier run" in again.output and "0/3 passed" in again.output


def one_error_line(result, text):
    assert result.exit_code == 2, result.output
    assert result.output == f"sleepy: error: {text}\n"


def test_unknown_adapters_are_one_line_each(tmp_path, collection, sleepy_cli, quality):
    cfg = config(tmp_path, "quality")
    fresh = run_eval(sleepy_cli, tmp_path, collection, "--adapter", "a0123456789", cfg=cfg)
    one_error_line(fresh, f"--adapter a0123456789: no adapter directory there, and {tmp_path / 'run'} holds no run "
                          "whose registry could know that id")
    not_an_adapter = tmp_path / "plain"
    not_an_adapter.mkdir()
    message = f"--adapter {not_an_adapter}: {not_an_adapter}: missing adapter_config.json"
    one_error_line(run_eval(sleepy_cli, tmp_path, collection, "--adapter", str(not_an_adapter), cfg=cfg), message)
    assert not (tmp_path / "run").exists()  # both refused before the run dir was made
    assert run_eval(sleepy_cli, tmp_path, collection, cfg=cfg).exit_code == 0  # a run (of the base model) now
    result = run_eval(sleepy_cli, tmp_path, collection, "--adapter", str(not_an_adapter), cfg=cfg)
    assert result.exit_code == 2 and result.output.splitlines()[-1] == f"sleepy: error: {message}"
    unknown = run_eval(sleepy_cli, tmp_path, collection, "--adapter", "a0123456789", cfg=cfg)
    assert unknown.exit_code == 2
    assert unknown.output.splitlines()[-1] == (
        f"sleepy: error: --adapter a0123456789: no adapter 'a0123456789' in {tmp_path / 'run' / 'adapters'} "
        "(known: none) and no adapter directory at a0123456789")


def test_bad_collections_are_one_line_each_and_write_nothing(tmp_path, sleepy_cli):
    cfg = config(tmp_path, scripted([]))
    one_error_line(run_eval(sleepy_cli, tmp_path, tmp_path / "missing", cfg=cfg),
                   f"--tasks {tmp_path / 'missing'}: not a directory")
    empty = tmp_path / "empty"
    empty.mkdir()
    one_error_line(run_eval(sleepy_cli, tmp_path, empty, cfg=cfg),
                   f"--tasks {empty}: not a koan collection (no <family>/<id>/koan.toml under it)")
    unfrozen = tmp_path / "unfrozen"
    write_koan(unfrozen, "alpha", "alpha_00")
    one_error_line(run_eval(sleepy_cli, tmp_path, unfrozen, cfg=cfg),
                   f"--tasks {unfrozen}: no manifest.json, so no koan has a split; run "
                   f"`sleepy koans freeze --path {unfrozen} --split heldout`")
    mixed = write_collection(tmp_path / "mixed", {"alpha": "heldout", "beta": "train"})
    one_error_line(run_eval(sleepy_cli, tmp_path, mixed, "--split", "frozen", cfg=cfg),
                   f"--tasks {mixed}: no frozen koans (its splits: train 1, heldout 1); pick another --split, or "
                   "freeze the collection with that split")
    assert not (tmp_path / "run").exists()


def test_split_all_takes_every_split(tmp_path, sleepy_cli):
    mixed = write_collection(tmp_path / "mixed", {"alpha": "train", "beta": "heldout", "gamma": "frozen"})
    cfg = config(tmp_path, scripted([REPLY] * 3))
    result = run_eval(sleepy_cli, tmp_path, mixed, "--split", "all", "--json", str(tmp_path / "a.json"), cfg=cfg)
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "a.json").read_text())
    assert {t["task_id"]: t["split"] for t in figures["tasks"]} == {
        "alpha_00": "train", "beta_00": "heldout", "gamma_00": "frozen"}
    assert (figures["pass_rate"]["k"], figures["pass_rate"]["n"]) == (1, 3)


def test_without_config_or_run_it_says_to_pass_one(tmp_path, collection, sleepy_cli):
    one_error_line(run_eval(sleepy_cli, tmp_path, collection),
                   f"no config: pass -c CONFIG ({tmp_path / 'run'} has no config.resolved.yaml to reuse)")


def test_manifest_digest_separates_collections_of_the_same_name(tmp_path, collection):
    from sleepy.phases.collection_eval import KoanCollection

    before = KoanCollection.open(collection)
    manifest = read_manifest(collection)
    moved = {k: evolve(e, split="frozen" if k == "gamma_00" else e.split) for k, e in manifest.entries.items()}
    (collection / MANIFEST_FILE).write_text(Manifest(manifest.suite_version, moved, manifest.history).to_json())
    after = KoanCollection.open(collection)
    assert before.name == after.name == "byo" and before.phase != after.phase
