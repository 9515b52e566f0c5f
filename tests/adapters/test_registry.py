from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from sleepy.adapters import AdapterRegistry, AdapterRegistryError, InvalidAdapter, validate_adapter
from sleepy.store import EpisodeStore
from tests.adapters.fake_adapter import MODULES, make_adapter


@pytest.fixture
def registry(tmp_path):
    store = EpisodeStore.open(tmp_path / "sleepy.db")
    yield AdapterRegistry(tmp_path / "adapters", store)
    store.close()


def register(registry, tmp_path, name, **kwargs):
    return registry.register(make_adapter(tmp_path / "src" / name, **kwargs), strategy="lora", dataset_hash="d1",
                             base_model="tiny-base", module_shapes=MODULES)


def test_register_promote_rollback(registry, tmp_path):
    first, second = register(registry, tmp_path, "one"), register(registry, tmp_path, "two")
    assert first.status == "candidate" and registry.active_id() is None
    registry.promote(first.id)
    registry.promote(second.id)
    assert registry.active_id() == second.id
    assert registry.rollback().id == first.id
    assert registry.get(second.id).status == "rolled_back"
    assert registry.rollback() is None  # back to the base model
    with pytest.raises(AdapterRegistryError, match="nothing to roll back"):
        registry.rollback()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"base_model": "other-base"}, "trained for base model 'other-base', but the current base model is 'tiny-base'"),
    ({"drop": "lora_B"}, "has no lora_B tensor"),
    ({"shapes": {"q_proj": (64, 48), "v_proj": (64, 32)}}, "adapts a 64->48 matrix, but the base model's is 64->64"),
])
def test_bad_adapters_are_refused_at_registration(registry, tmp_path, kwargs, message):
    with pytest.raises(InvalidAdapter, match=message.replace("(", r"\(").replace(")", r"\)")):
        register(registry, tmp_path, "bad", **kwargs)
    assert registry.list() == []


def test_rank_mismatch_is_refused(tmp_path):
    path = make_adapter(tmp_path / "a")
    config = json.loads((path / "adapter_config.json").read_text())
    (path / "adapter_config.json").write_text(json.dumps({**config, "r": 8}))
    with pytest.raises(InvalidAdapter, match="do not match rank 8"):
        validate_adapter(path)


def test_corrupt_file_never_becomes_active(registry, tmp_path):
    good = register(registry, tmp_path, "good")
    registry.promote(good.id)
    bad = register(registry, tmp_path, "bad")
    weights = bad.path / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])  # truncated on disk after registration
    with pytest.raises(InvalidAdapter, match="corrupt adapter"):
        registry.promote(bad.id)
    assert registry.active_id() == good.id and registry.get(bad.id).status == "rejected"


def test_crash_during_pointer_write_keeps_the_old_adapter(registry, tmp_path, monkeypatch):
    old, new = register(registry, tmp_path, "old"), register(registry, tmp_path, "new")
    registry.promote(old.id)

    def crash(*args):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        registry.promote(new.id)
    monkeypatch.undo()
    assert registry.active_id() == old.id
    validate_adapter(registry.active().path)


def test_crash_after_the_switch_is_repaired_on_open(registry, tmp_path, monkeypatch):
    new = register(registry, tmp_path, "new")
    monkeypatch.setattr(AdapterRegistry, "_set_status", lambda *a: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        registry.promote(new.id)
    monkeypatch.undo()
    reopened = AdapterRegistry(registry.root, registry.store)
    assert reopened.active_id() == new.id and reopened.get(new.id).status == "promoted"


FLIPPER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sleepy.adapters import AdapterRegistry
    from sleepy.store import EpisodeStore
    registry = AdapterRegistry(Path(sys.argv[1]), EpisodeStore.open(sys.argv[2]))
    ids = sys.argv[3:]
    print("ready", flush=True)
    i = 0
    while True:
        registry.promote(ids[i % 2])
        i += 1
""")


def test_sigkill_while_promoting_leaves_one_valid_adapter_active(registry, tmp_path):
    a, b = register(registry, tmp_path, "a"), register(registry, tmp_path, "b")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for delay in (0.05, 0.2, 0.35):
        proc = subprocess.Popen([sys.executable, "-c", FLIPPER, str(registry.root), str(tmp_path / "sleepy.db"),
                                 a.id, b.id], stdout=subprocess.PIPE, text=True, cwd=root,
                                env={**os.environ, "PYTHONPATH": root})
        assert proc.stdout.readline().strip() == "ready"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
        reopened = AdapterRegistry(registry.root, EpisodeStore.open(tmp_path / "sleepy.db"))
        assert reopened.active_id() in (a.id, b.id)
        validate_adapter(reopened.active().path)
        reopened.store.close()


def test_prune_keeps_active_and_history(registry, tmp_path):
    kept, dropped = register(registry, tmp_path, "kept"), register(registry, tmp_path, "dropped")
    registry.promote(kept.id)
    registry.reject(dropped.id)
    assert registry.prune() == [dropped.id]
    assert kept.path.exists() and not dropped.path.exists()


def test_cli_list_promote_rollback(tmp_path, sleepy_cli):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    store = EpisodeStore.open(run_dir / "sleepy.db")
    registry = AdapterRegistry(run_dir / "adapters", store)
    record = registry.register(make_adapter(tmp_path / "src"), strategy="lora", dataset_hash="d1",
                               base_model="tiny-base")
    store.close()
    assert sleepy_cli("adapters", "promote", record.id, "--run-dir", str(run_dir)).output == f"active: {record.id}\n"
    rows = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run_dir), "--json").output)
    assert [(r["id"], r["status"], r["active"]) for r in rows] == [(record.id, "promoted", True)]
    assert sleepy_cli("rollback", "--run-dir", str(run_dir)).output == "active: none (base model)\n"
    result = sleepy_cli("adapters", "show", "nope", "--run-dir", str(run_dir))
    assert result.exit_code == 1 and "no adapter 'nope'" in result.output


def truncate(record):
    weights = record.path / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:100])


def test_an_active_adapter_truncated_on_disk_gives_way_to_the_previous_one(registry, tmp_path, capsys):
    first, second = register(registry, tmp_path, "one"), register(registry, tmp_path, "two")
    registry.promote(first.id)
    registry.promote(second.id)
    truncate(second)
    reopened = AdapterRegistry(registry.root, registry.store)
    assert reopened.active_id() == first.id
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"sleepy: warning: active adapter {second.id} is unusable (corrupt adapter: ")
    assert line.endswith(f"); adapter {first.id} is active instead")
    assert reopened.get(second.id).status == "rolled_back"  # not "rejected": the gate had accepted it
    assert "corrupt adapter" in reopened.get(second.id).metadata["deactivated"]
    truncate(first)
    assert AdapterRegistry(registry.root, registry.store).active_id() is None
    assert capsys.readouterr().err.strip().endswith("the base model is active instead")


@pytest.mark.parametrize(("pointer", "message"), [
    ({"active": "azzz", "history": ["azzz"]}, "names adapter 'azzz', which this run does not have (known: "),
    ({"active": None, "history": [{"id": "x"}]}, "history[0] is {'id': 'x'}, expected an adapter id (a string)"),
    ({"active": "x", "history": "x"}, "'history' is 'x', expected a list of adapter ids"),
])
def test_a_bad_pointer_is_one_line(tmp_path, sleepy_cli, pointer, message):
    run = tmp_path / "run"
    run.mkdir()
    store = EpisodeStore.open(run / "sleepy.db")
    registry = AdapterRegistry(run / "adapters", store)
    registry.promote(register(registry, tmp_path, "one").id)
    store.close()
    (run / "adapters" / "active.json").write_text(json.dumps(pointer))
    for command in (["adapters", "list"], ["rollback"]):
        result = sleepy_cli(*command, "--run-dir", str(run))
        assert result.exit_code == 1
        [line] = result.output.splitlines()
        assert line.startswith(f"sleepy: error: {run / 'adapters' / 'active.json'}: {message}")


def test_cli_says_why_a_truncated_active_adapter_is_no_longer_active(tmp_path, sleepy_cli):
    run = tmp_path / "run"
    run.mkdir()
    store = EpisodeStore.open(run / "sleepy.db")
    registry = AdapterRegistry(run / "adapters", store)
    first, second = register(registry, tmp_path, "one"), register(registry, tmp_path, "two")
    registry.promote(first.id)
    registry.promote(second.id)
    store.close()
    truncate(second)
    result = sleepy_cli("adapters", "list", "--run-dir", str(run))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"sleepy: warning: active adapter {second.id} is unusable")
    assert result.stdout.splitlines()[-1] == f"active: {first.id}"
