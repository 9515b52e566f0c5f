"""Packs cut from a real `share` run on the tiny Llama of test_consolidators: `sleepy packs export --run-dir`
from the run's registry, `export --to peft` giving the adapter the sleep published, and a sleep that starts
from a pack named in config (`packs: [...]`)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, cast

import pytest
import torch
from attrs import evolve
from sleepy_subspace.adapters import read_adapter
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from sleepy_subspace.options import ShareOptions
from sleepy_subspace.plugin import SubspaceConsolidator
from sleepy_subspace.state import load_state
from sleepy_transformers.backend import TransformersBackend
from test_consolidators import OPTIONS, Toy

from sleepy import AdapterRegistry, RunDirectory

SHARE = cast(ShareOptions, OPTIONS["share"])


@pytest.fixture(scope="module")
def share_run(toy: Toy, backend: TransformersBackend, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """Two share sleeps; the second adapter registered and promoted in a run directory, as a cycle leaves it."""
    consolidator = SubspaceConsolidator("share", SHARE)
    first = consolidator.consolidate(toy.request(1), backend)
    second = consolidator.consolidate(toy.request(2, (toy.promote(first.adapter_dir),)), backend)
    run = RunDirectory(tmp_path_factory.mktemp("run"))
    registry = AdapterRegistry(run.adapters, run.open_store(create=True))
    record = registry.register(second.adapter_dir, strategy="share", dataset_hash=toy.days[1][1],
                               base_model=second.base_model, run_id="run-1", cycle=2,
                               module_shapes=second.module_shapes)
    registry.promote(record.id, base_model=second.base_model, module_shapes=second.module_shapes)
    return second, run.path


@pytest.fixture
def packs_cli(register_plugin: Any, sleepy_cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    register_plugin(importlib.import_module("sleepy_subspace.plugin"), name="subspace")
    monkeypatch.setenv("SLEEPY_PACKS_DIR", str(tmp_path / "store"))

    def invoke(*args: str) -> Any:
        result = sleepy_cli(*args)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def test_a_pack_exported_from_a_share_run_gives_the_published_adapter_as_peft(
        share_run: tuple[Any, Path], packs_cli: Any, tmp_path: Path, backend: TransformersBackend) -> None:
    second, run_dir = share_run
    packs_cli("packs", "export", "--run-dir", str(run_dir), "--name", "day-2", "--family", "borrow")
    info = json.loads(packs_cli("packs", "show", "day-2", "--json").output)["pack"]
    state = load_state(second.adapter_dir)
    assert state.basis is not None
    assert (info["skills"], info["r"], info["strategy"]) == (2, SHARE.rank, "share")
    assert info["basis"] == {"sha256": state.basis.sha256, "version": 2}
    meta = json.loads((second.adapter_dir / "sleepy_adapter.json").read_text())
    assert info["base_model"] == {"name": second.base_model, "digest": meta["base_model_digest"]}
    assert (info["lineage"]["cycle"], info["lineage"]["run_id"], info["lineage"]["families"]) == (2, "run-1",
                                                                                                 ["borrow"])
    packs_cli("packs", "export", "day-2", "--to", "peft", "--out", str(tmp_path / "peft"))
    exported, published = read_adapter(tmp_path / "peft"), read_adapter(second.adapter_dir)
    assert sorted(exported) == sorted(published)
    for name, lora in published.items():  # the sum of both skills, as the sleep published it (publish: sum)
        assert relative_error(exported[name].delta(), lora.delta()) < 1e-6, name
    # a self-contained pack of the newest skill alone (--skill 2), written where a package would ship it
    packs_cli("packs", "export", "--run-dir", str(run_dir), "--name", "newest", "--skill", "2",
              "--to", str(tmp_path / "shipped" / "newest"))
    assert (tmp_path / "shipped" / "newest" / "basis.safetensors").is_file()
    # and PEFT loads the exported adapter into the backend, where it changes the output
    backend.load_adapter(tmp_path / "peft", "pack")
    ids = torch.tensor([[5, 17, 33, 2, 40, 41]])
    try:
        backend.set_adapter("pack")
        with torch.no_grad():
            adapted = backend.load().model(input_ids=ids).logits
    finally:
        backend.set_adapter(None)
        backend.unload_adapter("pack")
    with torch.no_grad():
        plain = backend.load().model(input_ids=ids).logits
    assert not torch.equal(adapted, plain)


def test_a_share_sleep_continues_from_a_pack_named_in_config(share_run: tuple[Any, Path], packs_cli: Any,
                                                             toy: Toy, backend: TransformersBackend) -> None:
    second, run_dir = share_run
    packs_cli("packs", "export", "--run-dir", str(run_dir), "--name", "day-2")
    options = evolve(SHARE, packs=("day-2",), fine_tune_after_merge=False, epochs=1)
    result = SubspaceConsolidator("share", options).consolidate(toy.request(1), backend)  # no earlier adapters
    earlier, state = load_state(second.adapter_dir), load_state(result.adapter_dir)
    assert earlier.basis is not None and state.basis is not None
    assert len(state.skills) == 3  # the pack's two skills, then the new one
    assert state.basis.version == earlier.basis.version + 1  # the pack's basis, refitted by the merge
    assert [s.dataset_hash for s in state.skills[:2]] == [s.dataset_hash for s in earlier.skills]
    meta = json.loads((result.adapter_dir / "sleepy_adapter.json").read_text())
    assert meta["subspace"]["first_sleep"] == "continued from packs day-2"


def test_a_pack_for_another_base_model_is_refused_by_the_sleep_in_one_line(
        share_run: tuple[Any, Path], packs_cli: Any, toy: Toy, backend: TransformersBackend, tmp_path: Path) -> None:
    second, run_dir = share_run
    packs_cli("packs", "export", "--run-dir", str(run_dir), "--name", "elsewhere")
    path = tmp_path / "store" / "packs" / "elsewhere" / "pack.json"
    record = json.loads(path.read_text())
    record["base_model"] = {"name": "HuggingFaceTB/SmolLM2-360M", "digest": None}
    path.write_text(json.dumps(record))
    options = evolve(SHARE, packs=("elsewhere",), epochs=1)
    with pytest.raises(SubspaceError) as error:
        SubspaceConsolidator("share", options).consolidate(toy.request(1), backend)
    assert str(error.value).startswith("pack 'elsewhere': base model mismatch: expected HuggingFaceTB/SmolLM2-360M "
                                       f"(digest unknown) (its pack.json), found {second.base_model} (digest ")
    assert "\n" not in str(error.value)
