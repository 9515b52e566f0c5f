"""A small synthetic PEFT LoRA adapter (numpy + safetensors, no torch) and its base model config."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file

ATTENTION = ("q_proj", "k_proj", "v_proj", "o_proj")
MLP = ("gate_proj", "up_proj", "down_proj")
HIDDEN, HEADS, KV_HEADS, INTERMEDIATE, LAYERS = 64, 4, 2, 96, 2


def base_config(architecture: str = "LlamaForCausalLM") -> dict[str, Any]:
    return {"architectures": [architecture], "model_type": "llama", "hidden_size": HIDDEN,
            "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS, "intermediate_size": INTERMEDIATE,
            "num_hidden_layers": LAYERS}


def module_shape(proj: str) -> tuple[int, int]:
    """(in_features, out_features) of a projection of the tiny base."""
    head_dim = HIDDEN // HEADS
    return {"q_proj": (HIDDEN, HIDDEN), "k_proj": (HIDDEN, KV_HEADS * head_dim),
            "v_proj": (HIDDEN, KV_HEADS * head_dim), "o_proj": (HIDDEN, HIDDEN), "gate_proj": (HIDDEN, INTERMEDIATE),
            "up_proj": (HIDDEN, INTERMEDIATE), "down_proj": (INTERMEDIATE, HIDDEN)}[proj]


def peft_tensors(rank: int = 4, modules: tuple[str, ...] = ATTENTION + MLP, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    tensors = {}
    for layer in range(LAYERS):
        for proj in modules:
            fan_in, fan_out = module_shape(proj)
            prefix = f"base_model.model.model.layers.{layer}.{'self_attn' if proj in ATTENTION else 'mlp'}.{proj}"
            tensors[f"{prefix}.lora_A.weight"] = rng.standard_normal((rank, fan_in)).astype(np.float32)
            tensors[f"{prefix}.lora_B.weight"] = rng.standard_normal((fan_out, rank)).astype(np.float32)
    return tensors


def write_adapter(directory: Path, *, rank: int = 4, alpha: float = 8, modules: tuple[str, ...] = ATTENTION + MLP,
                  tensors: dict[str, np.ndarray] | None = None, bf16: bool = False, **config: Any) -> Path:
    """A PEFT LoRA directory as the transformers plugin writes it (config, weights, sleepy metadata)."""
    directory.mkdir(parents=True, exist_ok=True)
    tensors = tensors if tensors is not None else peft_tensors(rank, modules)
    (directory / "adapter_config.json").write_text(json.dumps({
        "peft_type": "LORA", "r": rank, "lora_alpha": alpha, "target_modules": sorted(modules),
        "base_model_name_or_path": "tiny-llama", "bias": "none", "task_type": "CAUSAL_LM", "use_dora": False,
        "use_rslora": False, "modules_to_save": None, **config}))
    (directory / "sleepy_adapter.json").write_text(json.dumps({"trainer": "lora", "base_model": "tiny-llama"}))
    weights = directory / "adapter_model.safetensors"
    if bf16:
        write_bf16_safetensors(weights, tensors)
    else:
        save_file(tensors, str(weights), metadata={"format": "pt"})
    return directory


def to_bf16_bits(array: np.ndarray) -> np.ndarray:
    return (array.astype(np.float32).view(np.uint32) >> 16).astype("<u2")


def write_bf16_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    """safetensors.numpy cannot write BF16; this writes the format by hand (header + raw data)."""
    header: dict[str, Any] = {}
    blobs, offset = [], 0
    for name, array in tensors.items():
        data = to_bf16_bits(array).tobytes()
        header[name] = {"dtype": "BF16", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))
