from __future__ import annotations

import json

import numpy as np
import pytest
from gguf import GGUFReader
from sleepy_serving.gguf_lora import (
    BaseArchitecture,
    ExportError,
    load_base_config,
    permute_rows,
    read_safetensors,
    write_lora_gguf,
)
from synthetic import ATTENTION, HEADS, KV_HEADS, LAYERS, base_config, module_shape, peft_tensors, write_adapter

from sleepy.adapters import InvalidAdapter

GGUF_NAMES = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
              "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down"}


def field(reader: GGUFReader, key: str):
    return reader.fields[key].contents()


def test_lora_gguf_keys_names_and_shapes(tmp_path):
    tensors = peft_tensors(rank=4)
    adapter = write_adapter(tmp_path / "a1", rank=4, alpha=16, tensors=tensors)
    out = write_lora_gguf(adapter, tmp_path / "out" / "a1.gguf", base_config=base_config())
    reader = GGUFReader(out)
    assert field(reader, "general.type") == "adapter"
    assert field(reader, "general.architecture") == "llama"
    assert field(reader, "adapter.type") == "lora"
    assert field(reader, "adapter.lora.alpha") == pytest.approx(16.0)
    by_name = {t.name: t for t in reader.tensors}
    expected = {f"blk.{layer}.{GGUF_NAMES[p]}.weight.lora_{side}" for layer in range(LAYERS) for p in GGUF_NAMES
                for side in "ab"}
    assert set(by_name) == expected
    for proj, gguf_name in GGUF_NAMES.items():
        fan_in, fan_out = module_shape(proj)
        a, b = by_name[f"blk.1.{gguf_name}.weight.lora_a"], by_name[f"blk.1.{gguf_name}.weight.lora_b"]
        # GGUF lists dimensions fastest first (ne): A is [in, rank], B is [rank, out], as llama.cpp checks them.
        assert [int(d) for d in a.shape] == [fan_in, 4] and [int(d) for d in b.shape] == [4, fan_out]
        assert a.data.shape == (4, fan_in) and b.data.dtype == np.float32
    prefix = "base_model.model.model.layers.1"
    np.testing.assert_array_equal(by_name["blk.1.attn_v.weight.lora_b"].data,
                                  tensors[f"{prefix}.self_attn.v_proj.lora_B.weight"])
    np.testing.assert_array_equal(by_name["blk.1.attn_q.weight.lora_a"].data,
                                  tensors[f"{prefix}.self_attn.q_proj.lora_A.weight"])
    # q/k rows are permuted as convert_hf_to_gguf permutes Llama's q/k weights; B carries the rows.
    np.testing.assert_array_equal(by_name["blk.1.attn_q.weight.lora_b"].data,
                                  permute_rows(tensors[f"{prefix}.self_attn.q_proj.lora_B.weight"], HEADS))
    np.testing.assert_array_equal(by_name["blk.1.attn_k.weight.lora_b"].data,
                                  permute_rows(tensors[f"{prefix}.self_attn.k_proj.lora_B.weight"], KV_HEADS))


def test_permutation_matches_llama_rotary_layout():
    # One head of 4 rows: HF keeps the rotary halves apart (0, 1 | 2, 3); GGML interleaves them (0, 2, 1, 3).
    rows = np.arange(8, dtype=np.float32).reshape(8, 1)
    assert permute_rows(rows, 2).ravel().tolist() == [0, 2, 1, 3, 4, 6, 5, 7]
    # The product of the permuted LoRA equals the permuted full update.
    a, b = np.ones((2, 3), np.float32), np.arange(16, dtype=np.float32).reshape(8, 2)
    np.testing.assert_array_equal(permute_rows(b, 2) @ a, permute_rows(b @ a, 2))


def test_qwen2_is_not_permuted_and_f16_halves_the_size(tmp_path):
    tensors = peft_tensors(rank=2, modules=ATTENTION)
    adapter = write_adapter(tmp_path / "a", rank=2, modules=ATTENTION, tensors=tensors)
    out = write_lora_gguf(adapter, tmp_path / "q.gguf", base_config=base_config("Qwen2ForCausalLM"), dtype="f16")
    reader = GGUFReader(out)
    assert field(reader, "general.architecture") == "qwen2"
    q_b = {t.name: t for t in reader.tensors}["blk.0.attn_q.weight.lora_b"]
    assert q_b.data.dtype == np.float16
    np.testing.assert_allclose(q_b.data, tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"],
                               rtol=1e-3, atol=1e-3)


def test_bf16_weights_are_read_without_torch(tmp_path):
    tensors = peft_tensors(rank=2, modules=("q_proj",))
    adapter = write_adapter(tmp_path / "a", rank=2, modules=("q_proj",), tensors=tensors, bf16=True)
    read = read_safetensors(adapter / "adapter_model.safetensors")
    name = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"
    assert read[name].dtype == np.float32
    np.testing.assert_allclose(read[name], tensors[name], rtol=1e-2)


@pytest.mark.parametrize(("config", "message"), [
    ({"use_dora": True}, "DoRA"), ({"use_rslora": True}, "rsLoRA"),
    ({"modules_to_save": ["lm_head"]}, "modules_to_save"), ({"alpha_pattern": {"q_proj": 4}}, "alpha_pattern"),
])
def test_unportable_adapters_are_refused(tmp_path, config, message):
    adapter = write_adapter(tmp_path / "a", **config)
    with pytest.raises(InvalidAdapter, match=message):
        write_lora_gguf(adapter, tmp_path / "x.gguf", base_config=base_config())
    assert not (tmp_path / "x.gguf").exists()


def test_unmappable_modules_and_architectures(tmp_path):
    tensors = peft_tensors(rank=2, modules=("q_proj",))
    tensors["base_model.model.model.layers.0.self_attn.qkv_proj.lora_A.weight"] = np.zeros((2, 64), np.float32)
    tensors["base_model.model.model.layers.0.self_attn.qkv_proj.lora_B.weight"] = np.zeros((64, 2), np.float32)
    with pytest.raises(InvalidAdapter, match=r"qkv_proj\.lora_[AB]\.weight: no llama\.cpp tensor for it"):
        write_lora_gguf(write_adapter(tmp_path / "a", rank=2, tensors=tensors), tmp_path / "x.gguf",
                        base_config=base_config())
    with pytest.raises(ExportError, match=r"GGUF export supports bases of .*; this one is GPT2LMHeadModel"):
        write_lora_gguf(write_adapter(tmp_path / "b"), tmp_path / "y.gguf",
                        base_config={"architectures": ["GPT2LMHeadModel"], "num_attention_heads": 4})



def test_a_base_config_without_architectures_is_known_by_its_model_type(tmp_path):
    """Configs saved from GGUF-loaded models (the default model's cached conversion) lack `architectures`."""
    config = {k: v for k, v in base_config().items() if k != "architectures"}
    assert BaseArchitecture.from_config({**config, "model_type": "llama"}).permute_qk
    assert BaseArchitecture.from_config({**config, "model_type": "qwen2"}).arch == "qwen2"
    with pytest.raises(ExportError, match=r"this one is unknown \(no architectures in config\.json\)"):
        BaseArchitecture.from_config({**config, "model_type": "gpt2"})


def test_base_config_from_file_directory_or_the_adapter(tmp_path):
    adapter = write_adapter(tmp_path / "a")
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "config.json").write_text(json.dumps(base_config()))
    assert load_base_config(tmp_path / "base", adapter)["num_attention_heads"] == HEADS
    assert load_base_config(tmp_path / "base" / "config.json", adapter)["num_key_value_heads"] == KV_HEADS
    config = json.loads((adapter / "adapter_config.json").read_text())
    config["base_model_name_or_path"] = str(tmp_path / "base")
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    assert load_base_config(None, adapter)["architectures"] == ["LlamaForCausalLM"]
    with pytest.raises(ExportError, match=r"needs the base model's config\.json"):
        load_base_config(None, write_adapter(tmp_path / "b"))
    with pytest.raises(ExportError, match=r"no base model config\.json there"):
        load_base_config(tmp_path / "nowhere", adapter)
