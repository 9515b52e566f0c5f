"""Coefficient packs: one skill set's coefficients in a basis, cut from a subspace adapter's state, checked
against the basis and base model they are used with, and materialized as a standard PEFT LoRA adapter.

Formats (``pack.json``, ``basis.json``) are in `sleepy_subspace.pack_info`; where packs live is
`sleepy_subspace.pack_store`. The basis is its own artifact (``basis.safetensors`` + ``basis.json``, with the
content sha256 of `state.tensor_digest` and a version): a pack names it by hash, and either carries it in its
own directory (self-contained, e.g. in a pip package) or finds it in the store's ``bases/<sha256>/``.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from attrs import frozen
from safetensors.torch import load_file, save_file

from sleepy_subspace.basis import LayerCoefficients
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors
from sleepy_subspace.materialize import PeftLora, lora_tensors
from sleepy_subspace.olora import concatenate
from sleepy_subspace.pack_info import (
    BASIS_FILE,
    BASIS_INFO_FILE,
    COEFFICIENTS_FILE,
    PACK_FILE,
    BaseModelRef,
    BasisInfo,
    Lineage,
    PackInfo,
    check_name,
    read_basis_info,
    read_pack_info,
    write_json,
)
from sleepy_subspace.state import Basis, Skill, SubspaceState, load_state, tensor_digest
from sleepy_subspace.state import load_basis as load_basis_tensors

SkillCoefficients = dict[str, LayerCoefficients]
NO_LINEAGE = Lineage()


@frozen(eq=False)
class Pack:
    """A pack's record and its skills' coefficients per module, oldest first."""

    info: PackInfo
    skills: tuple[SkillCoefficients, ...]


# --- the basis artifact ---------------------------------------------------------------------------------------


def basis_info(basis: Basis, base_model: BaseModelRef) -> BasisInfo:
    record = basis.record()
    return BasisInfo(record["sha256"], basis.version, basis.origin,
                     {n: (v[0], v[1]) for n, v in record["k"].items()},
                     {n: (v[0], v[1]) for n, v in record["informative"].items()}, base_model)


def write_basis(directory: Path, basis: Basis, base_model: BaseModelRef) -> BasisInfo:
    """``basis.safetensors`` and ``basis.json`` into `directory` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    info = basis_info(basis, base_model)
    save_file(basis.tensors(), str(directory / BASIS_FILE), metadata={"sha256": info.sha256})
    write_json(directory / BASIS_INFO_FILE, info.to_json())
    return info


def has_basis(directory: Path) -> bool:
    return (directory / BASIS_INFO_FILE).is_file() or (directory / BASIS_FILE).is_file()


def read_basis(directory: Path) -> tuple[Basis, BasisInfo]:
    """The basis artifact in `directory`; a missing or corrupt file, or content that no longer matches its
    hash, is one line naming the file."""
    info = read_basis_info(directory / BASIS_INFO_FILE)
    path = directory / BASIS_FILE
    record = info.to_json()
    _readable(path, "the basis basis.json describes")
    try:
        basis = load_basis_tensors(path, record)
    except KeyError as exc:
        raise SubspaceError(f"{path}: no tensors for layer {exc}; expected those basis.json lists") from None
    return basis, info


# --- packs ------------------------------------------------------------------------------------------------------


def pack_from_state(state: SubspaceState, *, name: str, description: str, base_model: BaseModelRef,
                    skills: Sequence[int] | None = None, lineage: Lineage = NO_LINEAGE,
                    where: str = "the state") -> Pack:
    """A pack of `state`'s skills (1-based positions; default all). Each must be coefficients in the basis."""
    check_name(name)
    if state.basis is None:
        raise SubspaceError(f"{where}: has no basis (strategy {state.strategy}, plain LoRA skills only); "
                            "a pack holds coefficients in a basis")
    positions = list(skills) if skills else list(range(1, len(state.skills) + 1))
    chosen: list[SkillCoefficients] = []
    hashes: list[str | None] = []
    for position in positions:
        if not 1 <= position <= len(state.skills):
            raise SubspaceError(f"{where}: has skills 1..{len(state.skills)}; skill {position} does not exist")
        skill = state.skills[position - 1]
        if skill.coefficients is None:
            raise SubspaceError(f"{where}: skill {position} is plain LoRA factors, not coefficients in the basis; "
                                "choose coefficient skills (--skill)")
        chosen.append({n: LayerCoefficients(c.e_a.detach().cpu(), c.e_b.detach().cpu())
                       for n, c in skill.coefficients.items()})
        hashes.append(skill.dataset_hash)
    ranks = {c.rank for skill_coefficients in chosen for c in skill_coefficients.values()}
    if len(ranks) != 1:
        raise SubspaceError(f"{where}: the chosen skills have ranks {sorted(ranks)}; a pack has one r")
    info = basis_info(state.basis, base_model)
    lineage = Lineage(tuple(hashes), lineage.run_id, lineage.adapter_id, lineage.cycle, lineage.families,
                      lineage.tasks)
    tensors = _tensors(chosen)
    pack_info = PackInfo(name=name, description=description, basis_sha256=info.sha256,
                         basis_version=info.version, base_model=base_model, modules=tuple(sorted(chosen[0])),
                         k={n: info.k[n] for n in sorted(chosen[0])}, r=ranks.pop(), skills=len(chosen),
                         strategy=state.strategy, lineage=lineage,
                         created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                         coefficients_sha256=tensor_digest(tensors))
    return Pack(pack_info, tuple(chosen))


def pack_from_adapter(adapter_dir: Path, *, name: str, description: str = "", skills: Sequence[int] | None = None,
                      lineage: Lineage = NO_LINEAGE) -> tuple[Pack, Basis]:
    """A pack cut from the subspace state a sleep kept in `adapter_dir`, with the basis it refers to."""
    metadata_path = adapter_dir / "sleepy_adapter.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SubspaceError(f"{metadata_path}: not readable ({_first_line(exc)}); expected the metadata a "
                            "sleep wrote") from None
    base = metadata.get("base_model") if isinstance(metadata, dict) else None
    if not isinstance(base, str):
        raise SubspaceError(f"{metadata_path}: base_model is {base!r}; expected the base model's name")
    state = load_state(adapter_dir)
    pack = pack_from_state(state, name=name, description=description,
                           base_model=BaseModelRef(base, metadata.get("base_model_digest")), skills=skills,
                           lineage=lineage, where=f"{adapter_dir / 'subspace'}")
    assert state.basis is not None  # pack_from_state refuses a state without one
    return pack, state.basis


def write_pack(directory: Path, pack: Pack, basis: Basis | None = None, *, replace: bool = False) -> Path:
    """The pack's files into `directory` (built next to it and renamed into place, so a half-written pack is
    never left); with `basis`, the basis too (a self-contained pack). An existing pack directory is replaced
    only with `replace`; any other existing directory never. Returns `directory`."""
    if basis is not None:
        pack.info.check_basis(basis.sha256, "the basis written with it")
    _check_target(directory, PACK_FILE, "pack", replace=replace)
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = directory.with_name(f".{directory.name}.{os.getpid()}.tmp")
    if building.exists():
        shutil.rmtree(building)
    building.mkdir()
    save_file(_tensors(pack.skills), str(building / COEFFICIENTS_FILE),
              metadata={"sha256": pack.info.coefficients_sha256})
    write_json(building / PACK_FILE, pack.info.to_json())
    if basis is not None:
        write_basis(building, basis, pack.info.base_model)
    if directory.exists():
        shutil.rmtree(directory)
    building.rename(directory)
    return directory


def read_pack(directory: Path) -> Pack:
    """The pack in `directory`, its coefficients checked against ``pack.json`` (hash, modules, k, r, skills)."""
    info = read_pack_info(directory)
    path = directory / COEFFICIENTS_FILE
    tensors = _readable(path, "the coefficients pack.json describes")
    if tensor_digest(tensors) != info.coefficients_sha256:
        raise SubspaceError(f"{path}: content hash {tensor_digest(tensors)} does not match the coefficients_sha256 "
                            f"{info.coefficients_sha256} in {directory / PACK_FILE}; the file was changed")
    skills: list[SkillCoefficients] = [{} for _ in range(info.skills)]
    pairs: dict[tuple[int, str], dict[str, torch.Tensor]] = {}
    for key, tensor in tensors.items():
        parts = key.split("/")
        if len(parts) != 3 or not parts[0].isdigit() or parts[2] not in ("e_a", "e_b"):
            raise SubspaceError(f"{path}: tensor {key!r}; expected <skill>/<module>/e_a or e_b")
        pairs.setdefault((int(parts[0]), parts[1]), {})[parts[2]] = tensor
    for (index, module), pair in sorted(pairs.items()):
        if index >= info.skills or module not in info.k or set(pair) != {"e_a", "e_b"}:
            raise SubspaceError(f"{path}: skill {index} module {module} does not fit pack.json ({info.skills} "
                                f"skills on {len(info.modules)} modules, e_a and e_b each)")
        k_a, k_b = info.k[module]
        if list(pair["e_a"].shape) != [k_a, info.r] or list(pair["e_b"].shape) != [k_b, info.r]:
            raise SubspaceError(f"{path}: skill {index} module {module} has e_a {list(pair['e_a'].shape)} and e_b "
                                f"{list(pair['e_b'].shape)}; pack.json says [{k_a}, {info.r}] and [{k_b}, {info.r}]")
        skills[index][module] = LayerCoefficients(pair["e_a"], pair["e_b"])
    for index, skill in enumerate(skills):
        if set(skill) != set(info.modules):
            raise SubspaceError(f"{path}: skill {index} covers {len(skill)} of the {len(info.modules)} modules "
                                "pack.json lists")
    return Pack(info, tuple(skills))


def resolve_basis(directory: Path, info: PackInfo, store: Path | None) -> tuple[Basis, Path]:
    """The basis a pack refers to: the one it carries, else ``<store>/bases/<sha256>``; checked against its hash."""
    from sleepy_subspace.pack_store import basis_dir

    candidates = [directory] + ([basis_dir(store, info.basis_sha256)] if store is not None else [])
    for candidate in candidates:
        if has_basis(candidate):
            basis, _ = read_basis(candidate)
            info.check_basis(basis.sha256, str(candidate / BASIS_FILE))
            return basis, candidate
    where = " or ".join(str(c / BASIS_FILE) for c in candidates)
    raise SubspaceError(f"pack {info.name!r}: its basis {info.basis_sha256} is missing; expected {where}")


def load_pack(directory: Path, *, store: Path | None, base_model: BaseModelRef | None = None,
              basis: Basis | None = None) -> tuple[Pack, Basis]:
    """A pack and its basis, checked: with `basis`, the pack must refer to it; with `base_model`, be trained on it."""
    pack = read_pack(directory)
    if base_model is not None:
        pack.info.check_base_model(base_model)
    if basis is not None:
        pack.info.check_basis(basis.sha256, "the basis it is used with")
    else:
        basis, _ = resolve_basis(directory, pack.info, store)
    if set(pack.info.modules) != set(basis.layers):
        raise SubspaceError(f"pack {pack.info.name!r}: covers modules {len(pack.info.modules)} but its basis "
                            f"{len(basis.layers)}; expected the same")
    return pack, basis


def pack_factors(pack: Pack, basis: Basis) -> dict[str, LoraFactors]:
    """The pack's update per module: every skill's reconstruction added (PEFT's cat, rank r x skills)."""
    pack.info.check_basis(basis.sha256, "the basis it is used with")
    return {name: concatenate([basis.layers[name].reconstruct(skill[name]) for skill in pack.skills])
            for name in pack.info.modules}


def export_peft(pack: Pack, basis: Basis, out: Path) -> PeftLora:
    """Write the pack as a standard PEFT LoRA adapter directory (``save_pretrained``'s files, plus
    ``sleepy_adapter.json`` naming the pack) at `out`."""
    from sleepy_transformers.training.output import peft_config, write_adapter

    _check_target(out, "adapter_config.json", "PEFT adapter", replace=True)
    adapter = lora_tensors(pack_factors(pack, basis))
    metadata: dict[str, Any] = {"trainer": "pack", "pack": pack.info.to_json(),
                                "base_model": pack.info.base_model.name,
                                "base_model_digest": pack.info.base_model.digest,
                                "dataset_hash": None, "target_modules": list(adapter.target_modules),
                                "adapted_layers": len(pack.info.modules)}
    write_adapter(out, adapter.tensors, peft_config(rank=adapter.rank, alpha=adapter.lora_alpha, dropout=0.0,
                                                    target_modules=list(adapter.target_modules),
                                                    base_model=pack.info.base_model.name), metadata)
    return adapter


def _check_target(directory: Path, marker: str, what: str, *, replace: bool) -> None:
    """Writing replaces `directory` whole: only ever an empty directory or one holding what is written there."""
    if not directory.exists() or (directory.is_dir() and not any(directory.iterdir())):
        return
    if not (directory / marker).is_file():
        raise SubspaceError(f"{directory}: exists and is not a {what} directory (no {marker}); expected a new or "
                            "empty directory")
    if not replace:
        raise SubspaceError(f"{directory}: a {what} is already there; expected a new directory (or --replace)")


def _tensors(skills: Sequence[Mapping[str, LayerCoefficients]]) -> dict[str, torch.Tensor]:
    out: dict[str, torch.Tensor] = {}
    for index, skill in enumerate(skills):
        for name, c in skill.items():
            out[f"{index}/{name}/e_a"] = c.e_a.detach().cpu().contiguous()
            out[f"{index}/{name}/e_b"] = c.e_b.detach().cpu().contiguous()
    return out


def _readable(path: Path, what: str) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise SubspaceError(f"{path}: missing; expected {what}")
    try:
        return load_file(str(path))
    except Exception as exc:  # safetensors raises its own error types (and OSError) for a damaged file
        raise SubspaceError(f"{path}: not a readable safetensors file ({_first_line(exc)}); expected {what}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def add_to_store(pack: Pack, basis: Basis, store: Path, *, replace: bool = False) -> Path:
    """Put a checked pack into the local store: its basis once under ``bases/<sha256>`` (kept if there), the pack
    under ``packs/<name>`` referring to it by hash. An installed name is replaced only with `replace`."""
    from sleepy_subspace.pack_store import basis_dir, pack_dir

    pack.info.check_basis(basis.sha256, "the basis stored with it")
    target = pack_dir(store, pack.info.name)
    if target.exists() and not replace:
        raise SubspaceError(f"{target}: a pack named {pack.info.name!r} is already in the store; expected a new "
                            "name (or --replace)")
    shared = basis_dir(store, basis.sha256)
    if not has_basis(shared):
        write_basis(shared, basis, pack.info.base_model)
    return write_pack(target, pack, replace=replace)


def install_pack(source: Path, store: Path, *, replace: bool = False) -> Path:
    """Verify the pack directory `source` (pack.json, coefficients and their hash, its basis) and copy it into
    the store."""
    if not source.is_dir():
        raise SubspaceError(f"{source}: not a directory; expected a pack directory (pack.json, "
                            f"{COEFFICIENTS_FILE})")
    pack, basis = load_pack(source, store=store)
    return add_to_store(pack, basis, store, replace=replace)


def state_from_packs(names: Sequence[str], store: Path, base_model: BaseModelRef, strategy: str) -> SubspaceState:
    """The state a sleep continues from when config names packs: their common basis and every pack's skills
    (in the order named), each checked against the backend's base model."""
    from sleepy_subspace.pack_store import find

    basis: Basis | None = None
    skills: list[Skill] = []
    for name in names:
        entry = find(name, store)
        pack, pack_basis = load_pack(entry.path, store=store, base_model=base_model, basis=basis)
        basis = basis or pack_basis
        skills.extend(Skill(coefficients=dict(coefficients), dataset_hash=dataset_hash)
                      for coefficients, dataset_hash in zip(pack.skills, _padded(pack), strict=True))
    if basis is None:
        raise SubspaceError("consolidator option packs is empty; expected at least one pack name")
    return SubspaceState(strategy, basis, tuple(skills))


def _padded(pack: Pack) -> list[str | None]:
    hashes = list(pack.info.lineage.dataset_hashes)[: pack.info.skills]
    return hashes + [None] * (pack.info.skills - len(hashes))
