"""Read a PEFT LoRA adapter directory into `LoraFactors` per module: how earlier adapters (the run's
own, ``TrainingRequest.earlier_adapters``, or any the user points at) reach the subspace math.

Only plain LoRA is read: ``adapter_model.safetensors`` with ``...<module>.lora_A[.<name>].weight`` and
``lora_B`` keys, and ``r`` / ``lora_alpha`` from ``adapter_config.json`` (scale ``lora_alpha / r``).
rsLoRA, DoRA and per-module rank or alpha patterns change the scale or the update and are refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from safetensors.torch import load_file

from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors

CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
_KEY = re.compile(r"^(?:base_model\.model\.)?(?P<module>.+)\.lora_(?P<side>[AB])(?:\.[\w-]+)?\.weight$")


def read_adapter(directory: Path) -> dict[str, LoraFactors]:
    """Every adapted module's factors, by module path (``model.layers.0.self_attn.q_proj``)."""
    config_path, weights_path = directory / CONFIG_FILE, directory / WEIGHTS_FILE
    for path in (config_path, weights_path):
        if not path.is_file():
            raise SubspaceError(f"{path}: missing; expected a PEFT LoRA adapter directory "
                                f"({CONFIG_FILE} and {WEIGHTS_FILE}, as save_pretrained writes them)")
    rank, alpha = _scale_config(config_path)
    sides: dict[str, dict[str, Any]] = {}
    for key, tensor in load_file(str(weights_path)).items():
        match = _KEY.match(key)
        if match is not None:
            sides.setdefault(match["module"], {})[match["side"]] = tensor
    if not sides:
        raise SubspaceError(f"{weights_path}: no lora_A / lora_B weights; expected a PEFT LoRA adapter")
    layers = {}
    for module, pair in sorted(sides.items()):
        if set(pair) != {"A", "B"}:
            raise SubspaceError(f"{weights_path}: {module} has only lora_{''.join(pair)}; expected lora_A and lora_B")
        if pair["A"].shape[0] != rank:
            raise SubspaceError(f"{weights_path}: {module}'s lora_A has {pair['A'].shape[0]} rows but {config_path} "
                                f"says r = {rank}")
        layers[module] = LoraFactors.from_peft(pair["A"], pair["B"], lora_alpha=alpha, rank=rank)
    return layers


def _scale_config(path: Path) -> tuple[int, float]:
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SubspaceError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(config, dict):
        raise SubspaceError(f"{path}: expected a JSON object")
    if config.get("peft_type", "LORA") != "LORA":
        raise SubspaceError(f"{path}: peft_type is {config['peft_type']!r}; expected 'LORA'")
    for flag in ("use_rslora", "use_dora"):
        if config.get(flag):
            raise SubspaceError(f"{path}: {flag} is set; only plain LoRA (scale lora_alpha / r) can be read")
    for pattern in ("rank_pattern", "alpha_pattern"):
        if config.get(pattern):
            raise SubspaceError(f"{path}: {pattern} is set; expected one r and one lora_alpha for every module")
    rank, alpha = config.get("r"), config.get("lora_alpha")
    if not isinstance(rank, int) or rank < 1 or not isinstance(alpha, int | float):
        raise SubspaceError(f"{path}: r = {rank!r}, lora_alpha = {alpha!r}; expected a positive integer and a number")
    return rank, float(alpha)
