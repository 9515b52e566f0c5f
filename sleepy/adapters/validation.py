"""Checks an adapter directory before it may be registered or become active.

Refused: missing or corrupt files, a non-LoRA config, tensors whose shapes disagree with the
config's rank or with the base model, and adapters trained for another base model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy.adapters.safetensors_header import CorruptTensorFile, read_tensor_infos
from sleepy.errors import SleepyError

CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
METADATA_FILE = "sleepy_adapter.json"
_LORA_NAME = re.compile(r"^(?P<module>.+)\.lora_(?P<side>[AB])(?:\.[\w-]+)?\.weight$")


class InvalidAdapter(SleepyError):
    """An adapter directory that must never become active; the message says what is wrong."""


@frozen
class AdapterInfo:
    """What validation learnt about an adapter."""

    rank: int
    alpha: float
    target_modules: tuple[str, ...]
    base_model: str | None
    modules: int  # adapted weight matrices
    metadata: Mapping[str, Any]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidAdapter(f"{path.parent}: missing {path.name}") from None
    except (OSError, ValueError) as exc:
        raise InvalidAdapter(f"{path}: unreadable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidAdapter(f"{path}: expected a JSON object")
    return data


def validate_adapter(
    path: Path,
    *,
    base_model: str | None = None,
    module_shapes: Mapping[str, tuple[int, int]] | None = None,
) -> AdapterInfo:
    """Validate a PEFT LoRA directory; `module_shapes` maps a module suffix to (in_features, out_features)."""
    if not path.is_dir():
        raise InvalidAdapter(f"{path}: not an adapter directory")
    config = _read_json(path / CONFIG_FILE)
    metadata = _read_json(path / METADATA_FILE) if (path / METADATA_FILE).exists() else {}
    if config.get("peft_type") != "LORA":
        raise InvalidAdapter(f"{path / CONFIG_FILE}: peft_type is {config.get('peft_type')!r}, expected 'LORA'")
    rank = config.get("r")
    if not isinstance(rank, int) or rank < 1:
        raise InvalidAdapter(f"{path / CONFIG_FILE}: field 'r' must be a positive integer, got {rank!r}")
    trained_for = metadata.get("base_model") or config.get("base_model_name_or_path")
    if base_model is not None and trained_for is not None and trained_for != base_model:
        raise InvalidAdapter(f"{path}: trained for base model {trained_for!r}, but the current base model is "
                             f"{base_model!r}")
    weights = path / WEIGHTS_FILE
    if not weights.exists():
        raise InvalidAdapter(f"{path}: missing {WEIGHTS_FILE}")
    try:
        infos = read_tensor_infos(weights)
    except CorruptTensorFile as exc:
        raise InvalidAdapter(f"corrupt adapter: {exc}") from None
    pairs: dict[str, dict[str, tuple[int, ...]]] = {}
    for name, info in infos.items():
        match = _LORA_NAME.match(name)
        if match is None:
            raise InvalidAdapter(f"{weights}: unexpected tensor {name!r} (only lora_A/lora_B weights are portable)")
        pairs.setdefault(match["module"], {})[match["side"]] = info.shape
    if not pairs:
        raise InvalidAdapter(f"{weights}: holds no LoRA tensors")
    for module, sides in sorted(pairs.items()):
        if set(sides) != {"A", "B"}:
            missing = ({"A", "B"} - set(sides)).pop()
            raise InvalidAdapter(f"{weights}: {module} has no lora_{missing} tensor")
        a, b = sides["A"], sides["B"]
        if len(a) != 2 or len(b) != 2 or a[0] != rank or b[1] != rank:
            raise InvalidAdapter(f"{weights}: {module}: lora_A {list(a)} / lora_B {list(b)} do not match rank {rank}")
        if module_shapes is not None:
            suffix = next((s for s in module_shapes if module.endswith(s)), None)
            if suffix is None:
                raise InvalidAdapter(f"{weights}: {module} is not a module of the base model")
            expected_in, expected_out = module_shapes[suffix]
            if (a[1], b[0]) != (expected_in, expected_out):
                raise InvalidAdapter(f"{weights}: {module}: adapts a {a[1]}->{b[0]} matrix, but the base model's "
                                     f"is {expected_in}->{expected_out}")
    targets = config.get("target_modules") or ()
    return AdapterInfo(rank=rank, alpha=float(config.get("lora_alpha", rank)),
                       target_modules=tuple(targets if isinstance(targets, list) else [str(targets)]),
                       base_model=trained_for, modules=len(pairs), metadata=metadata)
