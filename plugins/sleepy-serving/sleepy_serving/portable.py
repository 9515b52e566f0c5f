"""Adapters that every server applies the same way: plain LoRA on linear layers, one rank, one alpha."""

from __future__ import annotations

import json
from pathlib import Path

from sleepy import CONFIG_FILE, AdapterInfo, InvalidAdapter, validate_adapter


def check_portable(path: Path) -> AdapterInfo:
    """Validate a PEFT LoRA directory and refuse what servers disagree on (DoRA, rsLoRA, modules_to_save)."""
    info = validate_adapter(path)
    config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    where = path / CONFIG_FILE
    if config.get("use_dora"):
        raise InvalidAdapter(f"{where}: DoRA adapters (use_dora) are not portable: vLLM refuses them and GGUF LoRA "
                             "has no magnitude vector")
    if config.get("use_rslora"):
        raise InvalidAdapter(f"{where}: rsLoRA (use_rslora) is not portable: it scales by alpha/sqrt(r), llama.cpp "
                             "and Ollama by alpha/r, so servers would answer differently")
    if config.get("modules_to_save"):
        raise InvalidAdapter(f"{where}: modules_to_save {config['modules_to_save']!r} is not portable: vLLM refuses "
                             "it and GGUF LoRA cannot hold whole modules")
    for key in ("rank_pattern", "alpha_pattern"):
        if config.get(key):
            raise InvalidAdapter(f"{where}: a per-module {key} is not portable: servers take one rank and one alpha")
    return info
