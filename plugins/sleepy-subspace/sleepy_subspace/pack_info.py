"""What ``pack.json`` and ``basis.json`` say, read and written without torch (so `sleepy packs list` and the
plugin's CLI stay light). The tensors are `sleepy_subspace.packs`' job.

A pack directory::

    <name>/pack.json                  PackInfo: name, basis sha256, base model, modules, k, r, lineage, ...
    <name>/coefficients.safetensors   <i>/<module>/e_a and e_b for skill i (k x r each), oldest first
    <name>/basis.safetensors          optional: the basis it refers to, so a pip-installed pack is self-contained
    <name>/basis.json                 optional: BasisInfo of that basis (sha256, version, base model)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy_subspace.errors import SubspaceError

FORMAT = 1
PACK_FILE = "pack.json"
COEFFICIENTS_FILE = "coefficients.safetensors"
BASIS_FILE = "basis.safetensors"
BASIS_INFO_FILE = "basis.json"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@frozen
class BaseModelRef:
    """The base model a basis or pack was trained on: the backend's model id and, where known, its content digest."""

    name: str
    digest: str | None = None

    def describe(self) -> str:
        return f"{self.name} (digest {self.digest or 'unknown'})"

    def matches(self, other: BaseModelRef) -> bool:
        """Same name, and the same digest where both know one."""
        return self.name == other.name and (self.digest is None or other.digest is None or self.digest == other.digest)


@frozen
class Lineage:
    """Where a pack's skills came from: one dataset hash per skill, the run, adapter and cycle, tasks or families."""

    dataset_hashes: tuple[str | None, ...] = ()
    run_id: str | None = None
    adapter_id: str | None = None
    cycle: int | None = None
    families: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()


@frozen
class BasisInfo:
    """``basis.json``: a basis artifact's content hash, version, origin, per-layer k and base model."""

    sha256: str
    version: int
    origin: str
    k: dict[str, tuple[int, int]]  # per module: (alpha's k, beta's k)
    informative: dict[str, tuple[int, int]]
    base_model: BaseModelRef

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "sha256": self.sha256, "version": self.version, "origin": self.origin,
                "k": {n: list(v) for n, v in sorted(self.k.items())},
                "informative": {n: list(v) for n, v in sorted(self.informative.items())},
                "base_model": {"name": self.base_model.name, "digest": self.base_model.digest}}


@frozen
class PackInfo:
    """``pack.json``: everything about a pack but its tensors."""

    name: str
    description: str
    basis_sha256: str
    basis_version: int
    base_model: BaseModelRef
    modules: tuple[str, ...]  # adapted module paths (model.layers.0.self_attn.q_proj)
    k: dict[str, tuple[int, int]]
    r: int  # columns of each skill's coefficient matrices (the rank one skill trains)
    skills: int
    strategy: str
    lineage: Lineage
    created: str  # ISO 8601, UTC
    coefficients_sha256: str  # content hash of coefficients.safetensors' tensors (as state.tensor_digest)

    def to_json(self) -> dict[str, Any]:
        lineage = self.lineage
        return {"format": FORMAT, "name": self.name, "description": self.description,
                "basis": {"sha256": self.basis_sha256, "version": self.basis_version},
                "base_model": {"name": self.base_model.name, "digest": self.base_model.digest},
                "modules": list(self.modules), "k": {n: list(v) for n, v in sorted(self.k.items())},
                "r": self.r, "skills": self.skills, "strategy": self.strategy,
                "lineage": {"dataset_hashes": list(lineage.dataset_hashes), "run_id": lineage.run_id,
                            "adapter_id": lineage.adapter_id, "cycle": lineage.cycle,
                            "families": list(lineage.families), "tasks": list(lineage.tasks)},
                "created": self.created, "coefficients_sha256": self.coefficients_sha256}

    def check_basis(self, found: str, where: str) -> None:
        """One line naming both hashes when `found` (the basis this pack would be used with) is not its own."""
        if found != self.basis_sha256:
            raise SubspaceError(f"pack {self.name!r}: basis mismatch: expected sha256 {self.basis_sha256} "
                                f"(its pack.json), found {found} ({where})")

    def check_base_model(self, found: BaseModelRef) -> None:
        """One line naming both models when the pack is used with another base model."""
        if not self.base_model.matches(found):
            raise SubspaceError(f"pack {self.name!r}: base model mismatch: expected {self.base_model.describe()} "
                                f"(its pack.json), found {found.describe()}")


def check_name(name: str, what: str = "pack name") -> str:
    if not NAME.match(name):
        raise SubspaceError(f"{what} {name!r}: expected letters, digits, '.', '_' or '-' (at most 100, not "
                            "starting with '.', '_' or '-')")
    return name


def write_json(path: Path, record: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_pack_info(directory: Path) -> PackInfo:
    """``<directory>/pack.json``; anything missing or malformed is one line naming the file and field."""
    path = directory / PACK_FILE
    record = _read_object(path, "a pack's pack.json")
    fields = _Fields(path, record)
    if record.get("format") != FORMAT:
        raise SubspaceError(f"{path}: format {record.get('format')!r}; expected {FORMAT}")
    basis = fields.object("basis")
    lineage = fields.object("lineage")
    sub = _Fields(path, lineage, "lineage.")
    return PackInfo(
        name=check_name(fields.text("name"), f"{path}: name"), description=fields.text("description", empty=True),
        basis_sha256=_Fields(path, basis, "basis.").text("sha256"),
        basis_version=_Fields(path, basis, "basis.").integer("version"),
        base_model=_base_model(path, fields.object("base_model")),
        modules=tuple(fields.str_list("modules")), k=fields.k("k"), r=fields.integer("r"),
        skills=fields.integer("skills"),
        strategy=fields.text("strategy"),
        lineage=Lineage(tuple(sub.optional_str_list("dataset_hashes")), sub.optional_str("run_id"),
                        sub.optional_str("adapter_id"), sub.optional_int("cycle"),
                        tuple(sub.str_list("families")), tuple(sub.str_list("tasks"))),
        created=fields.text("created"), coefficients_sha256=fields.text("coefficients_sha256"))


def read_basis_info(path: Path) -> BasisInfo:
    """A ``basis.json``; one line naming the file and field when it is not one."""
    record = _read_object(path, "a basis.json")
    if record.get("format") != FORMAT:
        raise SubspaceError(f"{path}: format {record.get('format')!r}; expected {FORMAT}")
    fields = _Fields(path, record)
    return BasisInfo(fields.text("sha256"), fields.integer("version"), fields.text("origin"), fields.k("k"),
                     fields.k("informative"), _base_model(path, fields.object("base_model")))


def _read_object(path: Path, what: str) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubspaceError(f"{path}: missing; expected {what}") from None
    except (OSError, ValueError) as exc:
        raise SubspaceError(f"{path}: not readable JSON ({_first_line(exc)}); expected {what}") from None
    if not isinstance(record, dict):
        raise SubspaceError(f"{path}: expected a JSON object ({what})")
    return record


def _base_model(path: Path, record: dict[str, Any]) -> BaseModelRef:
    fields = _Fields(path, record, "base_model.")
    return BaseModelRef(fields.text("name"), fields.optional_str("digest"))


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


class _Fields:
    """Typed reads of a JSON object's fields; a wrong one is one line naming the file and the field."""

    def __init__(self, path: Path, record: dict[str, Any], prefix: str = "") -> None:
        self.path, self.record, self.prefix = path, record, prefix

    def _bad(self, key: str, expected: str) -> SubspaceError:
        return SubspaceError(f"{self.path}: {self.prefix}{key} is {self.record.get(key)!r}; expected {expected}")

    def text(self, key: str, *, empty: bool = False) -> str:
        value = self.record.get(key)
        if not isinstance(value, str) or (not empty and not value):
            raise self._bad(key, "a string" if empty else "a non-empty string")
        return value

    def optional_str(self, key: str) -> str | None:
        value = self.record.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null")
        return value

    def integer(self, key: str) -> int:
        value = self.record.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self._bad(key, "a positive integer")
        return value

    def optional_int(self, key: str) -> int | None:
        return None if self.record.get(key) is None else self.integer(key)

    def object(self, key: str) -> dict[str, Any]:
        value = self.record.get(key)
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return value

    def str_list(self, key: str) -> list[str]:
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings")
        return value

    def optional_str_list(self, key: str) -> list[str | None]:
        value = self.record.get(key, [])
        if not isinstance(value, list) or not all(v is None or isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings or nulls")
        return value

    def k(self, key: str) -> dict[str, tuple[int, int]]:
        value = self.object(key)
        out = {}
        for module, pair in value.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, int) and v >= 0 for v in pair)):
                raise SubspaceError(f"{self.path}: {self.prefix}{key}.{module} is {pair!r}; expected [k_alpha, k_beta]")
            out[module] = (pair[0], pair[1])
        return out
