"""The subspace consolidators on a tiny Llama the test builds (sleepy-transformers' toy model): two sleeps per
strategy through `consolidate`, the adapters they publish, and the state they keep between sleeps."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch
from attrs import evolve
from sleepy_subspace.adapters import read_adapter
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from sleepy_subspace.hooks import SubspaceHooks, fresh
from sleepy_subspace.olora import subspace_overlap
from sleepy_subspace.options import (
    MeanAdapterOptions,
    OloraOptions,
    RandomBasisOptions,
    ShareOptions,
    UwshOptions,
)
from sleepy_subspace.plugin import STRATEGIES, SubspaceConsolidator
from sleepy_subspace.state import load_state
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import LoraOptions
from sleepy_transformers.trainer import LoraTrainer
from sleepy_transformers.training.base import borrow_base_model
from sleepy_transformers.training.loop import fit
from sleepy_transformers.training.lora import find_targets
from sleepy_transformers.training.toy import build_toy_model, corpus_of, toy_examples, write_jsonl

from sleepy.adapters.validation import validate_adapter
from sleepy.config import make_converter, structure
from sleepy.consolidation import TrainingRequest
from sleepy.errors import ConfigError
from sleepy.registry import StrategyKind

TRAINER = {"rank": 4, "alpha": 8.0, "epochs": 2, "batch_size": 4, "checkpoint_every": 0, "threads": 1,
           "precision": "float32"}
OPTIONS: dict[str, LoraOptions] = {
    "share": ShareOptions(**TRAINER, k=8, temporary=2, fine_tune_after_merge=True),  # type: ignore[arg-type]
    "uwsh": UwshOptions(**TRAINER, k=6),  # type: ignore[arg-type]
    # a learning rate at which 4 steps move A enough for the penalty to show (the plain LoRA it is compared with too)
    "olora": OloraOptions(**{**TRAINER, "learning_rate": 2e-3}),  # type: ignore[arg-type]
    "mean_adapter": MeanAdapterOptions(**TRAINER),  # type: ignore[arg-type]
    "random_basis": RandomBasisOptions(**TRAINER, k=8),  # type: ignore[arg-type]
}


class Toy:
    """A tiny Llama and two days of koan-shaped examples (different tasks each day)."""

    def __init__(self, root: Path) -> None:
        days = [toy_examples(8, seed=0), toy_examples(8, seed=1)]
        self.model_dir = build_toy_model(root / "model", corpus_of(days[0] + days[1]))
        self.days = []
        for index, examples in enumerate(days):
            path = root / f"day-{index + 1}.jsonl"
            self.days.append((path, write_jsonl(path, examples)))
        self.root = root
        self.runs = 0

    def request(self, day: int, earlier: tuple[Path, ...] = ()) -> TrainingRequest:
        self.runs += 1
        work = self.root / f"run-{self.runs}"
        path, digest = self.days[day - 1]
        return TrainingRequest(path, digest, work / "adapter", work / "checkpoints", seed=100 + day,
                               earlier_adapters=earlier)

    def promote(self, adapter: Path) -> Path:
        """What the registry does with a promoted candidate: a copy of the whole directory elsewhere."""
        target = self.root / "registry" / f"a{self.runs}"
        shutil.copytree(adapter, target)
        return target


def weights(backend: TransformersBackend) -> dict[str, torch.Tensor]:
    return {name: tensor.clone() for name, tensor in backend.load().model.state_dict().items()}


@pytest.fixture(scope="module")
def two_sleeps(toy: Toy, backend: TransformersBackend) -> dict[str, tuple[Any, Any, Path]]:
    """Per strategy: the first and second sleep's results, and the promoted copy of the first adapter."""
    out = {}
    for strategy, options in OPTIONS.items():
        consolidator = SubspaceConsolidator(strategy, options)
        first = consolidator.consolidate(toy.request(1), backend)
        promoted = toy.promote(first.adapter_dir)
        second = consolidator.consolidate(toy.request(2, (promoted,)), backend)
        out[strategy] = (first, second, promoted)
    return out


@pytest.mark.parametrize("strategy", sorted(OPTIONS))
def test_two_sleeps_publish_peft_adapters_that_load(strategy: str, two_sleeps: Any, backend: TransformersBackend,
                                                    toy: Toy) -> None:
    before = weights(backend)
    for number, result in enumerate(two_sleeps[strategy][:2], start=1):
        info = validate_adapter(result.adapter_dir, base_model=result.base_model, module_shapes=result.module_shapes)
        assert info is not None
        meta = json.loads((result.adapter_dir / "sleepy_adapter.json").read_text())
        assert meta["trainer"] == strategy and meta["subspace"]["skills"] == number
        config = json.loads((result.adapter_dir / "adapter_config.json").read_text())
        assert config["peft_type"] == "LORA" and config["lora_alpha"] == config["r"]  # scale 1: materialized
        name = f"{strategy}-{number}"
        backend.load_adapter(result.adapter_dir, name)
        backend.set_adapter(name)
        ids = torch.tensor([[5, 17, 33, 2, 40, 41]])
        with torch.no_grad():
            adapted = backend.load().model(input_ids=ids).logits
        backend.set_adapter(None)
        with torch.no_grad():
            plain = backend.load().model(input_ids=ids).logits
        backend.unload_adapter(name)
        assert not torch.equal(adapted, plain), "the adapter changes the output"
    after = weights(backend)
    assert all(torch.equal(before[k], after[k]) for k in before), "no sleep wrote a base weight"


def test_state_is_kept_in_the_adapter_and_the_second_sleep_continues_from_it(two_sleeps: Any) -> None:
    _first, second, promoted = two_sleeps["share"]
    one, two = load_state(promoted), load_state(second.adapter_dir)
    assert len(one.skills) == 1 and len(two.skills) == 2
    assert one.basis is not None and two.basis is not None
    assert (one.basis.version, two.basis.version) == (1, 2)
    record = json.loads((second.adapter_dir / "subspace" / "state.json").read_text())
    assert record["basis"]["sha256"] == two.basis.sha256 != one.basis.sha256
    assert {s["basis_sha256"] for s in record["skills"]} == {two.basis.sha256}
    # the controls: uwsh's first sleep has no basis (one adapter), random_basis keeps its basis bit for bit
    assert load_state(two_sleeps["uwsh"][2]).basis is None
    uwsh_notes = [json.loads((r.adapter_dir / "sleepy_adapter.json").read_text())["subspace"]
                  for r in two_sleeps["uwsh"][:2]]
    assert "first_sleep" in uwsh_notes[0] and "first_sleep" not in uwsh_notes[1] and "no_basis_yet" in uwsh_notes[1]
    random_one, random_two = (load_state(two_sleeps["random_basis"][i].adapter_dir) for i in (0, 1))
    assert random_one.basis is not None and random_two.basis is not None
    assert random_one.basis.sha256 == random_two.basis.sha256
    assert [s.kind for s in random_two.skills] == ["lora", "coefficients"]


def test_after_the_second_share_sleep_the_first_skill_is_reconstructed(two_sleeps: Any) -> None:
    """k = 8 >= 2r covers both skills' span, so the merge keeps the first skill to float32 rounding (1e-5)."""
    first, second, _promoted = two_sleeps["share"]
    published = read_adapter(first.adapter_dir)  # the first sleep published its one skill (publish: sum)
    state = load_state(second.adapter_dir)
    assert state.basis is not None
    skill = state.skills[0].factors(state.basis)
    for name, lora in published.items():
        assert relative_error(skill[name].delta(), lora.delta()) < 1e-5, name
    meta = json.loads((second.adapter_dir / "sleepy_adapter.json").read_text())
    assert meta["subspace"]["max_merge_error"] < 1e-5
    assert len(meta["subspace"]["training_runs"]) == 2  # coefficients, then the fine-tuning after the merge
    # the second adapter is the sum of both skills (rank 2r)
    assert json.loads((second.adapter_dir / "adapter_config.json").read_text())["r"] == 2 * OPTIONS["share"].rank


def test_coefficient_training_leaves_basis_and_base_weights_bit_identical(two_sleeps: Any, toy: Toy,
                                                                          backend: TransformersBackend) -> None:
    """Through the lora trainer's own loop (`fit`), as a sleep runs it."""
    state = load_state(two_sleeps["share"][1].adapter_dir)
    assert state.basis is not None
    options = evolve(OPTIONS["share"], learning_rate=4e-3)
    with borrow_base_model(backend, options) as base:
        before = {k: v.clone() for k, v in base.model.state_dict().items()}
        start = {name: fresh(layer, options.rank, seed=i) for i, (name, layer) in
                 enumerate(sorted(state.basis.layers.items()))}
        hooks = SubspaceHooks(find_targets(base.model, options.target_modules), state.basis.layers, start,
                              temporary=0)
        basis_before = {k: v.clone() for k, v in hooks.buffers().items()}
        try:
            done = fit(toy.request(1), options, base, hooks)
        finally:
            hooks.detach()
        assert len(done.plan) > 0
        assert all(torch.equal(before[k], v) for k, v in base.model.state_dict().items())
        assert all(torch.equal(basis_before[k], v) for k, v in hooks.buffers().items())
        for name, layer in state.basis.layers.items():
            assert torch.equal(hooks.layers[name].alpha, layer.a.vectors)
        trained = hooks.coefficients()
        assert any(not torch.equal(trained[n].e_b, start[n].e_b) for n in trained), "the coefficients moved"


def test_olora_second_adapter_overlaps_the_first_less_than_plain_lora(two_sleeps: Any, toy: Toy,
                                                                      backend: TransformersBackend) -> None:
    first, second, _promoted = two_sleeps["olora"]
    earlier = read_adapter(first.adapter_dir)
    olora_new = load_state(second.adapter_dir).skills[-1].factors(None)
    plain_options = LoraOptions(**{**TRAINER, "learning_rate": 2e-3})  # type: ignore[arg-type]
    plain = read_adapter(LoraTrainer(plain_options).consolidate(toy.request(2), backend).adapter_dir)
    olora = sum(subspace_overlap(earlier[n].a, olora_new[n].a) for n in earlier)
    lora = sum(subspace_overlap(earlier[n].a, plain[n].a) for n in earlier)
    assert olora < 0.8 * lora  # measured: 0.55 against 0.81, summed over the 14 layers
    # and the published adapter is the concatenation: both skills, rank 2r, the earlier one unchanged
    published = read_adapter(second.adapter_dir)
    for name, lora_factors in published.items():
        assert lora_factors.rank == 2 * plain_options.rank
        assert torch.equal(lora_factors.a[: plain_options.rank], earlier[name].a)


def test_mean_adapter_publishes_the_mean_of_both_skills(two_sleeps: Any) -> None:
    _first, second, _ = two_sleeps["mean_adapter"]
    skills = [s.factors(None) for s in load_state(second.adapter_dir).skills]
    published = read_adapter(second.adapter_dir)
    for name, lora in published.items():
        mean = (skills[0][name].delta() + skills[1][name].delta()) / 2
        assert relative_error(lora.delta(), mean) < 1e-5


def test_the_plugin_registers_every_strategy_with_its_options(register_plugin: Any, sleepy_registry: Any) -> None:
    register_plugin(importlib.import_module("sleepy_subspace.plugin"), name="subspace")
    registry = sleepy_registry()
    for name, (options, _) in STRATEGIES.items():
        spec = registry.get(StrategyKind.CONSOLIDATOR, name)
        assert spec.options is options
        built = spec.build(structure(make_converter(), {"epochs": 3}, options, "c.yaml", "$.consolidator.options"))
        assert isinstance(built, SubspaceConsolidator)
        assert (built.strategy, built.options.epochs) == (name, 3)


@pytest.mark.parametrize(("strategy", "options", "line"), [
    ("share", {"k": 0}, "c.yaml: $.consolidator.options.k: 'k' must be >= 1: 0"),
    ("share", {"publish": "all"}, "c.yaml: $.consolidator.options.publish: 'publish' must be in ('sum', 'latest') "
                                  "(got 'all')"),
    ("uwsh", {"threshold": 1.5}, "c.yaml: $.consolidator.options.threshold: 'threshold' must be above 0 and at "
                                 "most 1 (got 1.5)"),
    ("olora", {"lambda1": -1}, "c.yaml: $.consolidator.options.lambda1: 'lambda1' must be >= 0: -1.0"),
])
def test_a_bad_option_is_one_clear_line(strategy: str, options: dict[str, Any], line: str) -> None:
    with pytest.raises(ConfigError) as error:
        structure(make_converter(), options, STRATEGIES[strategy][0], "c.yaml", "$.consolidator.options")
    assert str(error.value) == line


def test_a_k_that_does_not_fit_a_layer_is_refused_in_one_line(toy: Toy, backend: TransformersBackend) -> None:
    options = evolve(OPTIONS["share"], k=999, epochs=1)
    with pytest.raises(SubspaceError) as error:
        SubspaceConsolidator("share", options).consolidate(toy.request(1), backend)
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("consolidator option k = 999 does not fit layer model.layers.0.")


def test_a_uwsh_source_that_is_no_adapter_is_refused_in_one_line(toy: Toy, backend: TransformersBackend,
                                                                 tmp_path: Path) -> None:
    options = evolve(OPTIONS["uwsh"], sources=[str(tmp_path / "nowhere")])
    with pytest.raises(SubspaceError) as error:
        SubspaceConsolidator("uwsh", options).consolidate(toy.request(1), backend)
    assert str(error.value) == (f"{tmp_path / 'nowhere' / 'adapter_config.json'}: missing; expected a PEFT LoRA "
                                "adapter directory (adapter_config.json and adapter_model.safetensors, as "
                                "save_pretrained writes them)")
