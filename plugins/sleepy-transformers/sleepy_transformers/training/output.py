"""Write a trained adapter as a PEFT directory plus sleepy's metadata file, all at once or not at all."""

from __future__ import annotations

import enum
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig
from safetensors.torch import save_file

CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
METADATA_FILE = "sleepy_adapter.json"


def peft_config(*, rank: int, alpha: float, dropout: float, target_modules: list[str], base_model: str) -> str:
    """adapter_config.json as PEFT writes it, with a stable key and list order (byte-identical across runs)."""
    config = LoraConfig(r=rank, lora_alpha=int(alpha) if float(alpha).is_integer() else alpha,  # type: ignore[arg-type]
                        lora_dropout=dropout, target_modules=sorted(target_modules), bias="none",
                        task_type="CAUSAL_LM", base_model_name_or_path=base_model, inference_mode=True)
    return json.dumps(_plain(config.to_dict()), indent=2, sort_keys=True) + "\n"  # type: ignore[no-untyped-call]


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def write_adapter(output_dir: Path, tensors: Mapping[str, torch.Tensor], config_json: str,
                  metadata: Mapping[str, Any]) -> None:
    """Build the directory next to `output_dir` and rename it into place (replacing a stale one)."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    building = output_dir.with_name(f".{output_dir.name}.{os.getpid()}.tmp")
    if building.exists():
        shutil.rmtree(building)
    building.mkdir()
    save_file(dict(tensors), str(building / WEIGHTS_FILE), metadata={"format": "pt"})
    (building / CONFIG_FILE).write_text(config_json, encoding="utf-8")
    (building / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name in (WEIGHTS_FILE, CONFIG_FILE, METADATA_FILE):
        with (building / name).open("rb") as fh:
            os.fsync(fh.fileno())
    if output_dir.exists():
        shutil.rmtree(output_dir)
    os.replace(building, output_dir)
