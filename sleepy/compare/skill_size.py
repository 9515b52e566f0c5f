"""What one sleep added, in bytes on disk, read from the files of the adapter it wrote (no plugin imported).

A subspace strategy keeps its state in ``<adapter>/subspace/`` (docs/subspace.md): ``skills.safetensors``
holds every kept skill, oldest first, under tensor names ``<index>/<module>/...``, and ``basis.safetensors``
the shared basis. There the added skill is the highest index, and its size is the data bytes of its
tensors (from the safetensors header, which gives each tensor's byte range); the basis is counted apart.
Any other adapter (a plain LoRA) is the skill as a whole: the size of every file in its directory.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

from attrs import frozen

from sleepy.errors import SleepyError

SUBSPACE_DIR = "subspace"
SKILLS_FILE = "skills.safetensors"
BASIS_FILE = "basis.safetensors"


@frozen
class SkillSize:
    skill_bytes: int
    basis_bytes: int | None  # None: the adapter keeps no basis (a plain LoRA, or subspace skills without one)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def tensor_bytes(path: Path) -> dict[str, int]:
    """Each tensor's data bytes in a safetensors file, from its header alone."""
    with path.open("rb") as fh:
        head = fh.read(8)
        try:
            (length,) = struct.unpack("<Q", head)
            header = json.loads(fh.read(length))
            return {name: int(entry["data_offsets"][1]) - int(entry["data_offsets"][0])
                    for name, entry in header.items() if name != "__metadata__"}
        except (struct.error, ValueError, KeyError, TypeError, IndexError) as exc:
            raise SleepyError(f"{path}: not a safetensors file (expected an 8-byte header length and a JSON header "
                              f"with data_offsets per tensor): {exc}") from exc


def skill_size(adapter: Path) -> SkillSize:
    """The size of the skill `adapter`'s sleep added and of the basis it keeps (module docstring)."""
    skills = adapter / SUBSPACE_DIR / SKILLS_FILE
    if not skills.is_file():
        return SkillSize(dir_size(adapter), None)
    by_skill: dict[int, int] = {}
    for name, size in tensor_bytes(skills).items():
        index, _, _ = name.partition("/")
        if not index.isdigit():
            raise SleepyError(f"{skills}: tensor {name!r}: expected a name '<skill index>/<module>/...'")
        by_skill[int(index)] = by_skill.get(int(index), 0) + size
    basis = adapter / SUBSPACE_DIR / BASIS_FILE
    return SkillSize(by_skill[max(by_skill)] if by_skill else 0,
                     sum(tensor_bytes(basis).values()) if basis.is_file() else None)
