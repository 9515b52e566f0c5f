"""The real default model (SmolLM2-135M-Instruct, as the transformers backend caches it): a materialized PEFT
adapter gives the same logits as the factorised `SubspaceLinear` form.

Skipped when the model is not in the cache (it is never downloaded here): run sleepy-transformers'
real-model tests, or any `sleepy` command with examples/quickstart.yaml, once to fill it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from sleepy_subspace.basis import LayerBasis, LayerCoefficients, fit_layer
from sleepy_subspace.factors import LoraFactors
from sleepy_subspace.hooks import SubspaceHooks
from sleepy_subspace.materialize import materialize
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import LoraOptions, TransformersOptions
from sleepy_transformers.training.base import borrow_base_model
from sleepy_transformers.training.lora import find_targets
from sleepy_transformers.training.output import peft_config, write_adapter

from sleepy.errors import BackendError

TOLERANCE = 2e-4  # max |logit difference| in float32 (measured 4.4e-5; logits are O(10), the update moves them by 4)


@pytest.fixture(scope="module")
def real_backend() -> TransformersBackend:
    backend = TransformersBackend(TransformersOptions(offline=True, device="cpu", dtype="float32", threads=2))
    try:
        backend.load()
    except BackendError as exc:
        pytest.skip(f"the real default model is not cached ({exc})")
    return backend


@pytest.mark.real_model
def test_materialized_adapter_gives_the_factorised_logits_on_the_real_model(real_backend: TransformersBackend,
                                                                            tmp_path: Path) -> None:
    model = real_backend.load().model
    targets = find_targets(model, ["q_proj", "v_proj"])
    generator = torch.Generator().manual_seed(0)
    basis: dict[str, LayerBasis] = {}
    coefficients: dict[str, LayerCoefficients] = {}
    rank, k = 4, 8
    for name, module in sorted(targets.items()):
        loras = [LoraFactors(torch.randn(rank, module.in_features, generator=generator) * 0.05,
                             torch.randn(module.out_features, rank, generator=generator) * 0.05) for _ in range(3)]
        basis[name] = fit_layer(loras, k)
        coefficients[name] = LayerCoefficients(torch.randn(k, rank, generator=generator) * 0.5,
                                               torch.randn(k, rank, generator=generator) * 0.5)
    adapter = materialize(basis, coefficients)
    write_adapter(tmp_path / "adapter", adapter.tensors,
                  peft_config(rank=adapter.rank, alpha=adapter.lora_alpha, dropout=0.0,
                              target_modules=list(adapter.target_modules), base_model="smollm2"), {})
    ids = real_backend.load().tokenizer("fn main() { let v = vec![1, 2]; println!(\"{:?}\", v); }",
                                        return_tensors="pt").input_ids

    def logits() -> torch.Tensor:
        with torch.no_grad():
            out: torch.Tensor = model(input_ids=ids).logits
            return out

    base = logits()
    with borrow_base_model(real_backend, LoraOptions()):
        hooks = SubspaceHooks(targets, basis, coefficients)
        try:
            factorised = logits()
        finally:
            hooks.detach()
    real_backend.load_adapter(tmp_path / "adapter", "materialized")
    real_backend.set_adapter("materialized")
    try:
        materialized = logits()
    finally:
        real_backend.set_adapter(None)
        real_backend.unload_adapter("materialized")
    assert (factorised - base).abs().max() > 100 * TOLERANCE  # the adapter changes the logits
    assert (materialized - factorised).abs().max() < TOLERANCE


@pytest.mark.real_model
def test_a_pack_on_the_real_model_s_shapes_exports_to_peft_and_loads_without_unexpected_keys(
        real_backend: TransformersBackend, tmp_path: Path) -> None:
    from peft import LoraConfig, PeftModel, get_peft_model_state_dict, load_peft_weights, set_peft_model_state_dict
    from sleepy_subspace.pack_info import BaseModelRef
    from sleepy_subspace.packs import export_peft, load_pack, pack_from_state, write_pack
    from sleepy_subspace.state import Basis, Skill, SubspaceState

    loaded = real_backend.load()
    targets = find_targets(loaded.model, ["q_proj", "v_proj"])
    generator = torch.Generator().manual_seed(1)
    rank, k = 4, 8
    layers, coefficients = {}, {}
    for name, module in sorted(targets.items()):
        layers[name] = fit_layer([LoraFactors(torch.randn(rank, module.in_features, generator=generator) * 0.05,
                                              torch.randn(module.out_features, rank, generator=generator) * 0.05)
                                  for _ in range(2)], k)
        coefficients[name] = LayerCoefficients(torch.randn(k, rank, generator=generator) * 0.5,
                                               torch.randn(k, rank, generator=generator) * 0.5)
    model_ref = BaseModelRef(real_backend.describe()["model"], None)
    state = SubspaceState("share", Basis(layers, 1, "share"), (Skill(coefficients=coefficients),))
    pack = pack_from_state(state, name="random", description="random coefficients", base_model=model_ref)
    read, basis = load_pack(write_pack(tmp_path / "random", pack, state.basis), store=None, base_model=model_ref)
    export_peft(read, basis, tmp_path / "peft")
    weights = load_peft_weights(str(tmp_path / "peft"), device="cpu")
    peft_model = PeftModel(loaded.model, LoraConfig.from_pretrained(str(tmp_path / "peft")), adapter_name="pack")
    try:
        result = set_peft_model_state_dict(peft_model, weights, adapter_name="pack")
        assert result.unexpected_keys == []
        assert [key for key in result.missing_keys if "lora_" in key] == []
        assert len(weights) == 2 * len(targets) == 2 * 2 * len(loaded.model.model.layers)
        in_model = get_peft_model_state_dict(peft_model, adapter_name="pack")
        assert sorted(in_model) == sorted(weights)  # every tensor landed where the file's key says
        assert all(torch.equal(in_model[key], weights[key]) for key in weights)
    finally:
        peft_model.unload()  # the base model's own layers back in place, for the other tests of this module
