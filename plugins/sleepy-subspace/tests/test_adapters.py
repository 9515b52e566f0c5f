from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import save_file
from sleepy_subspace.adapters import read_adapter
from sleepy_subspace.basis import fit_layer
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.layer import fresh_coefficients
from sleepy_subspace.materialize import lora_tensors, materialize, peft_delta
from subspace_randoms import F64, TinyModel, generator, random_lora

MODULES = [f"model.layers.{i}.self_attn.{side}" for i in range(2) for side in ("q_proj", "v_proj")]


def test_an_adapter_peft_saved_is_read_with_its_scale(tmp_path):
    peft = pytest.importorskip("peft")
    torch.manual_seed(0)
    model = peft.get_peft_model(TinyModel(), peft.LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"],
                                                            init_lora_weights=False))
    model.save_pretrained(tmp_path)

    layers = read_adapter(tmp_path)

    assert sorted(layers) == MODULES
    for module in MODULES:
        wrapped = model.get_submodule(f"base_model.model.{module}")
        expected = wrapped.get_delta_weight("default")  # PEFT's own scale * B @ A
        assert layers[module].scale == 2.0
        assert torch.allclose(layers[module].delta(), expected, atol=1e-6)


def test_a_materialized_adapter_reads_back_as_the_same_updates(tmp_path):
    g = generator(1)
    shapes = {m: (16, 16 if m.endswith("q_proj") else 8) for m in MODULES}
    basis = {m: fit_layer([random_lora(d, n, 3, g, dtype=torch.float32) for _ in range(2)], 5)
             for m, (d, n) in shapes.items()}
    coefficients = {m: fresh_coefficients(5, 3, seed=i, zero_delta=False) for i, m in enumerate(MODULES)}
    adapter = materialize(basis, coefficients)
    save_file(adapter.tensors, str(tmp_path / "adapter_model.safetensors"))
    (tmp_path / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "r": adapter.rank,
                                                              "lora_alpha": adapter.lora_alpha}))

    layers = read_adapter(tmp_path)

    for module in MODULES:
        assert torch.equal(layers[module].delta(), peft_delta(adapter, module))


def write(directory, config, tensors=None):
    directory.mkdir(exist_ok=True)
    lora = random_lora(6, 5, 2, generator(2), dtype=torch.float32)
    save_file(tensors if tensors is not None else lora_tensors({"q_proj": lora}).tensors,
              str(directory / "adapter_model.safetensors"))
    (directory / "adapter_config.json").write_text(json.dumps(config))
    return directory


@pytest.mark.parametrize(("config", "message"), [
    ({"r": 2, "lora_alpha": 2, "use_rslora": True}, "use_rslora is set; only plain LoRA"),
    ({"r": 2, "lora_alpha": 2, "use_dora": True}, "use_dora is set"),
    ({"r": 2, "lora_alpha": 2, "rank_pattern": {"q_proj": 4}}, "rank_pattern is set; expected one r"),
    ({"r": 3, "lora_alpha": 2}, "q_proj's lora_A has 2 rows but .* says r = 3"),
    ({"r": "2", "lora_alpha": 2}, r"r = '2', lora_alpha = 2; expected a positive integer and a number"),
    ({"peft_type": "IA3", "r": 2, "lora_alpha": 2}, "peft_type is 'IA3'; expected 'LORA'"),
])
def test_adapters_this_reader_cannot_represent_are_refused_in_one_line(tmp_path, config, message):
    directory = write(tmp_path / "a", config)
    with pytest.raises(SubspaceError, match=message) as info:
        read_adapter(directory)
    assert "\n" not in str(info.value) and str(directory) in str(info.value)


def test_a_directory_without_an_adapter_is_refused(tmp_path):
    with pytest.raises(SubspaceError, match=r"adapter_config.json: missing; expected a PEFT LoRA adapter directory"):
        read_adapter(tmp_path)
    one_sided = {"base_model.model.q_proj.lora_A.weight": torch.zeros(2, 6, dtype=F64)}
    with pytest.raises(SubspaceError, match="q_proj has only lora_A; expected lora_A and lora_B"):
        read_adapter(write(tmp_path / "b", {"r": 2, "lora_alpha": 2}, one_sided))
