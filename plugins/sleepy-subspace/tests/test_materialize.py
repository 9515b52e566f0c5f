from __future__ import annotations

import pytest
import torch
from sleepy_subspace.basis import fit_layer
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.layer import SubspaceLinear, fresh_coefficients
from sleepy_subspace.materialize import factorised_delta, lora_tensors, materialize, peft_delta
from subspace_randoms import F64, TinyModel, generator, random_lora

R, K = 4, 6
LAYERS = {"model.layers.0.self_attn.q_proj": (16, 16), "model.layers.0.self_attn.v_proj": (16, 8),
          "model.layers.1.self_attn.q_proj": (16, 16), "model.layers.1.self_attn.v_proj": (16, 8)}


def skill(dtype: torch.dtype = F64, seed: int = 0):
    g = generator(seed)
    basis = {name: fit_layer([random_lora(d, n, R, g, dtype=dtype) for _ in range(3)], K) for name, (d, n) in
             LAYERS.items()}
    coefficients = {name: fresh_coefficients(K, R, seed=seed + i, zero_delta=False, dtype=dtype)
                    for i, name in enumerate(LAYERS)}
    return basis, coefficients


@pytest.mark.parametrize(("dtype", "tolerance"), [(F64, 1e-12), (torch.float32, 1e-5)])
def test_the_materialized_adapter_applies_the_factorised_update(dtype, tolerance):
    basis, coefficients = skill(dtype)
    adapter = materialize(basis, coefficients)
    assert (adapter.rank, adapter.lora_alpha) == (R, R)
    assert adapter.target_modules == ("q_proj", "v_proj")
    for name, (d, n) in LAYERS.items():
        assert adapter.tensors[f"base_model.model.{name}.lora_A.weight"].shape == (R, d)
        assert adapter.tensors[f"base_model.model.{name}.lora_B.weight"].shape == (n, R)
        factorised = factorised_delta(basis[name], coefficients[name])
        assert factorised.shape == (n, d)
        assert torch.allclose(peft_delta(adapter, name).to(F64), factorised.to(F64), atol=tolerance)


def test_plain_lora_factors_are_exported_with_their_scale_folded_in():
    g = generator(1)
    loras = {"q_proj": random_lora(8, 6, R, g, scale=4.0), "v_proj": random_lora(8, 4, R, g, scale=0.25)}
    adapter = lora_tensors(loras)
    for name, lora in loras.items():
        assert torch.allclose(peft_delta(adapter, name), lora.delta(), atol=1e-12)


def test_peft_loads_the_materialized_adapter_and_gives_the_factorised_layers_outputs():
    peft = pytest.importorskip("peft")
    basis, coefficients = skill(F64, seed=3)
    torch.manual_seed(0)
    model = TinyModel().to(F64)
    x = torch.randn(3, 5, 16, generator=generator(4), dtype=F64)
    factorised = TinyModel().to(F64)
    factorised.load_state_dict(model.state_dict())
    for index, block in enumerate(factorised.model.layers):
        for side in ("q_proj", "v_proj"):
            name = f"model.layers.{index}.self_attn.{side}"
            setattr(block.self_attn, side, SubspaceLinear(getattr(block.self_attn, side), basis[name],
                                                          coefficients[name]))
    expected = factorised(x)
    adapter = materialize(basis, coefficients)

    config = peft.LoraConfig(r=adapter.rank, lora_alpha=adapter.lora_alpha, lora_dropout=0.0,
                             target_modules=list(adapter.target_modules), init_lora_weights=False)
    peft_model = peft.get_peft_model(model, config)
    result = peft.set_peft_model_state_dict(peft_model, adapter.tensors)

    assert not result.unexpected_keys
    assert not [key for key in result.missing_keys if "lora_" in key]
    with torch.no_grad():
        got = peft_model(x)
        with peft_model.disable_adapter():
            base = peft_model(x)
    assert torch.allclose(got, expected, atol=1e-12)
    assert (got - base).abs().max() > 1e-3  # the adapter does something


def test_coefficients_for_other_layers_than_the_basis_are_refused():
    basis, coefficients = skill()
    del coefficients["model.layers.1.self_attn.v_proj"]
    with pytest.raises(SubspaceError, match=r"coefficients cover layers \[.*\] but the basis covers \[.*\]: expected"):
        materialize(basis, coefficients)


def test_layers_of_different_ranks_are_refused():
    g = generator(2)
    with pytest.raises(SubspaceError, match=r"layers have different ranks \{'q': 4, 'v': 2\}"):
        lora_tensors({"q": random_lora(8, 8, 4, g), "v": random_lora(8, 8, 2, g)})
