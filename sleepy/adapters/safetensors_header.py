"""Reads and checks a safetensors file's header without torch (the core does not depend on it).

Format: 8-byte little-endian header length, a JSON header mapping tensor names to dtype, shape
and byte offsets into the data that follows.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

from attrs import frozen

DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
               "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}
MAX_HEADER = 100 * 1024 * 1024


class CorruptTensorFile(ValueError):
    """The file is not a well-formed safetensors file."""


@frozen
class TensorInfo:
    name: str
    dtype: str
    shape: tuple[int, ...]


def read_tensor_infos(path: Path) -> dict[str, TensorInfo]:
    """Every tensor's dtype and shape, after checking offsets against the file size."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            prefix = fh.read(8)
            if len(prefix) < 8:
                raise CorruptTensorFile(f"{path}: too short to be a safetensors file")
            (header_len,) = struct.unpack("<Q", prefix)
            if header_len > min(MAX_HEADER, size - 8):
                raise CorruptTensorFile(f"{path}: header length {header_len} exceeds the file")
            header = json.loads(fh.read(header_len))
    except (OSError, ValueError) as exc:
        if isinstance(exc, CorruptTensorFile):
            raise
        raise CorruptTensorFile(f"{path}: unreadable safetensors file: {exc}") from None
    if not isinstance(header, dict):
        raise CorruptTensorFile(f"{path}: header is not a JSON object")
    data_size = size - 8 - header_len
    infos = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype, shape, (start, end) = entry["dtype"], tuple(int(d) for d in entry["shape"]), entry["data_offsets"]
        except (KeyError, TypeError, ValueError):
            raise CorruptTensorFile(f"{path}: tensor {name!r} has a malformed header entry") from None
        if dtype not in DTYPE_BYTES:
            raise CorruptTensorFile(f"{path}: tensor {name!r} has unknown dtype {dtype!r}")
        if not 0 <= start <= end <= data_size or end - start != math.prod(shape) * DTYPE_BYTES[dtype]:
            raise CorruptTensorFile(f"{path}: tensor {name!r} has offsets that do not fit its shape or the file")
        infos[name] = TensorInfo(name, dtype, shape)
    return infos
