"""PEFT LoRA -> GGUF LoRA adapter (llama.cpp, Ollama) with numpy and the `gguf` package; no torch.

Follows llama.cpp's ``convert_lora_to_gguf.py``: ``general.type=adapter``, ``adapter.type=lora``,
``adapter.lora.alpha``, ``general.architecture`` of the base, and tensors
``blk.N.<tensor>.weight.lora_a`` (PEFT's A, rank x in) and ``.lora_b`` (PEFT's B, out x rank).
For Llama-family bases the rows of q/k weights are permuted the way ``convert_hf_to_gguf.py`` permutes
the base weights (rotary layout); for a LoRA that permutation applies to B alone.
"""

from __future__ import annotations

import json
import math
import os
import re
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import gguf
import numpy as np
from attrs import frozen

from sleepy import WEIGHTS_FILE, InvalidAdapter, SleepyError
from sleepy_serving.portable import check_portable

# HF architecture -> (GGUF architecture, whether q/k rows are permuted like convert_hf_to_gguf's LlamaModel)
ARCHITECTURES: dict[str, tuple[str, bool]] = {
    "LlamaForCausalLM": ("llama", True),
    "MistralForCausalLM": ("llama", True),
    "Qwen2ForCausalLM": ("qwen2", False),
    "Qwen3ForCausalLM": ("qwen3", False),
}
# config.json `model_type` -> HF architecture, for configs that lack `architectures` ("llama" -> LlamaForCausalLM)
MODEL_TYPES = {hf.removesuffix("ForCausalLM").lower(): hf for hf in ARCHITECTURES}
PROJECTIONS = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
               "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down"}
DTYPES = {"f32": (np.float32, gguf.LlamaFileType.ALL_F32), "f16": (np.float16, gguf.LlamaFileType.MOSTLY_F16)}
_PEFT_NAME = re.compile(r"^(?:base_model\.model\.)?(?:model\.)?layers\.(?P<layer>\d+)\.(?:self_attn|mlp)\."
                        r"(?P<proj>\w+)\.lora_(?P<side>[AB])(?:\.[\w-]+)?\.weight$")
_NUMPY_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16}


class ExportError(SleepyError):
    """An adapter cannot be exported as asked; the message says what is missing."""

    exit_code = 2


@frozen
class BaseArchitecture:
    """What the conversion needs from the base model's config.json."""

    arch: str
    n_head: int
    n_head_kv: int
    permute_qk: bool

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BaseArchitecture:
        names = config.get("architectures") or []
        hf = next((n for n in names if n in ARCHITECTURES), None)
        if hf is None and not names:  # configs written from GGUF-loaded models may lack `architectures`
            hf = MODEL_TYPES.get(str(config.get("model_type")))
        if hf is None:
            raise ExportError(f"GGUF export supports bases of {', '.join(ARCHITECTURES)}; this one is "
                              f"{', '.join(map(str, names)) or 'unknown (no architectures in config.json)'}")
        arch, permute = ARCHITECTURES[hf]
        n_head = config.get("num_attention_heads")
        if not isinstance(n_head, int) or n_head < 1:
            raise ExportError("the base config.json has no num_attention_heads")
        n_head_kv = config.get("num_key_value_heads") or n_head
        return cls(arch, n_head, int(n_head_kv), permute)


def load_base_config(base_config: Path | Mapping[str, Any] | None, adapter_dir: Path) -> dict[str, Any]:
    """The base model's config: given, a config.json (or its directory), or the adapter's local base dir."""
    if isinstance(base_config, Mapping):
        return dict(base_config)
    candidates = [base_config] if base_config is not None else []
    if base_config is None:
        try:
            trained_for = json.loads((adapter_dir / "adapter_config.json").read_text()).get("base_model_name_or_path")
        except (OSError, ValueError):
            trained_for = None
        if isinstance(trained_for, str) and trained_for:
            candidates.append(Path(trained_for))
    for candidate in candidates:
        path = candidate / "config.json" if candidate.is_dir() else candidate
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ExportError(f"{path}: unreadable base config ({exc})") from None
            if isinstance(data, dict):
                return data
        if base_config is not None:
            raise ExportError(f"{candidate}: no base model config.json there")
    raise ExportError("GGUF export needs the base model's config.json (architecture and head counts): pass "
                      "--base-config PATH (the file or the model directory)")


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file as a numpy array (BF16 widened to float32)."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len])
    data = memoryview(raw)[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        shape = tuple(entry["shape"])
        if entry["dtype"] == "BF16":
            bits = np.frombuffer(data[start:end], dtype="<u2").astype(np.uint32) << 16
            tensors[name] = bits.view(np.float32).reshape(shape)
        elif entry["dtype"] in _NUMPY_DTYPES:
            dtype = np.dtype(_NUMPY_DTYPES[entry["dtype"]]).newbyteorder("<")
            tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(shape)
        else:
            raise InvalidAdapter(f"{path}: tensor {name!r} has dtype {entry['dtype']}, not a float type")
    return tensors


def permute_rows(weight: np.ndarray, n_head: int) -> np.ndarray:
    """convert_hf_to_gguf's LlamaModel.permute: HF's rotary half-split rows -> GGML's interleaved rows."""
    rows = weight.shape[0]
    if rows % (2 * n_head):
        raise ExportError(f"cannot permute {rows} rows over {n_head} heads: base config and adapter disagree")
    return weight.reshape(n_head, 2, rows // n_head // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def gguf_tensors(tensors: Mapping[str, np.ndarray], base: BaseArchitecture) -> list[tuple[str, np.ndarray]]:
    """(GGUF name, array) pairs in layer order; names not mappable to llama.cpp tensors are refused."""
    pairs: dict[tuple[int, str], dict[str, np.ndarray]] = {}
    for name, array in tensors.items():
        match = _PEFT_NAME.match(name)
        if match is None or match["proj"] not in PROJECTIONS:
            raise InvalidAdapter(f"{name}: no llama.cpp tensor for it (GGUF export maps "
                                 f"{', '.join(PROJECTIONS)} of decoder layers)")
        pairs.setdefault((int(match["layer"]), match["proj"]), {})[match["side"]] = array
    order = list(PROJECTIONS)
    out = []
    for (layer, proj), sides in sorted(pairs.items(), key=lambda item: (item[0][0], order.index(item[0][1]))):
        a, b = sides["A"], sides["B"]
        if base.permute_qk and proj in ("q_proj", "k_proj"):
            b = permute_rows(b, base.n_head if proj == "q_proj" else base.n_head_kv)
        prefix = f"blk.{layer}.{PROJECTIONS[proj]}.weight"
        out += [(f"{prefix}.lora_a", a), (f"{prefix}.lora_b", b)]
    return out


def write_lora_gguf(adapter_dir: Path, out_path: Path, *, base_config: Path | Mapping[str, Any] | None = None,
                    dtype: str = "f32") -> Path:
    """Write `adapter_dir` (a portable PEFT LoRA) as a GGUF LoRA adapter at `out_path`, atomically."""
    if dtype not in DTYPES:
        raise ExportError(f"GGUF dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    info = check_portable(adapter_dir)
    if not math.isfinite(info.alpha):
        raise InvalidAdapter(f"{adapter_dir}: lora_alpha is not a finite number")
    base = BaseArchitecture.from_config(load_base_config(base_config, adapter_dir))
    tensors = gguf_tensors(read_safetensors(adapter_dir / WEIGHTS_FILE), base)
    np_dtype, file_type = DTYPES[dtype]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    writer = gguf.GGUFWriter(str(partial), base.arch)
    written = False
    try:
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(info.alpha))
        writer.add_name(adapter_dir.name)
        writer.add_file_type(file_type)
        for name, array in tensors:
            writer.add_tensor(name, np.ascontiguousarray(array, dtype=np_dtype))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        written = True
    finally:
        writer.close()
        if not written:
            partial.unlink(missing_ok=True)
    os.replace(partial, out_path)
    return out_path
