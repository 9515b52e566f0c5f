"""Writes small PEFT-style LoRA adapter directories without torch, for registry tests."""

from __future__ import annotations

import json
import struct
from pathlib import Path

MODULES = {"q_proj": (64, 64), "v_proj": (64, 32)}  # module -> (in_features, out_features)


def write_safetensors(path: Path, tensors: dict[str, tuple[int, ...]]) -> None:
    header, offset = {}, 0
    for name, shape in tensors.items():
        size = 4
        for dim in shape:
            size *= dim
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    blob = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + b"\0" * offset)


def make_adapter(path: Path, *, rank: int = 4, base_model: str = "tiny-base", layers: int = 2,
                 shapes: dict[str, tuple[int, int]] | None = None, drop: str | None = None) -> Path:
    path.mkdir(parents=True)
    shapes = shapes or MODULES
    (path / "adapter_config.json").write_text(json.dumps({
        "peft_type": "LORA", "r": rank, "lora_alpha": 2 * rank, "target_modules": sorted(shapes),
        "base_model_name_or_path": base_model}))
    (path / "sleepy_adapter.json").write_text(json.dumps({"base_model": base_model, "dataset_hash": "d1"}))
    tensors = {}
    for layer in range(layers):
        for module, (fan_in, fan_out) in shapes.items():
            prefix = f"base_model.model.model.layers.{layer}.self_attn.{module}"
            tensors[f"{prefix}.lora_A.weight"] = (rank, fan_in)
            tensors[f"{prefix}.lora_B.weight"] = (fan_out, rank)
    if drop:
        tensors = {k: v for k, v in tensors.items() if drop not in k}
    write_safetensors(path / "adapter_model.safetensors", tensors)
    return path
