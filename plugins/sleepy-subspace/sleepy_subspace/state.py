"""What a subspace strategy keeps between sleeps, inside each adapter it writes: ``<adapter>/subspace/``.

- ``basis.safetensors``: the basis (``<module>/alpha``, ``<module>/beta``), its own versioned artifact; its
  content hash (sha256 over every tensor's name, dtype, shape and bytes, in name order) is what skills
  refer to, and ``state.json`` records it with a version that grows by one with every refit.
- ``skills.safetensors``: every kept skill, oldest first: coefficients in the basis (``<i>/<module>/e_a``,
  ``e_b``) or, for skills that live outside any basis, plain LoRA factors with the scale folded into B
  (``<i>/<module>/a``, ``b``).
- ``state.json``: the strategy, the basis record and one record per skill (kind, basis hash, dataset, and
  ``families`` when the skill was trained on some task families only; absent: every family).

The registry copies the whole adapter directory, so a promoted adapter carries the state the next sleep
continues from; a rejected one's state is never read again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from attrs import evolve, field, frozen
from safetensors.torch import load_file, save_file

from sleepy_subspace.basis import LayerBasis, LayerCoefficients, SideBasis
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors

FORMAT = 1
DIRECTORY = "subspace"
STATE_FILE = "state.json"
BASIS_FILE = "basis.safetensors"
SKILLS_FILE = "skills.safetensors"


@frozen(eq=False)
class Basis:
    """Every adapted layer's basis, with its version (1 for the first fit) and where it came from."""

    layers: dict[str, LayerBasis]
    version: int
    origin: str  # share, uwsh or random

    def tensors(self) -> dict[str, torch.Tensor]:
        out = {}
        for name, layer in sorted(self.layers.items()):
            out[f"{name}/alpha"] = layer.a.vectors.detach().cpu().contiguous()
            out[f"{name}/beta"] = layer.b.vectors.detach().cpu().contiguous()
        return out

    @property
    def sha256(self) -> str:
        return tensor_digest(self.tensors())

    def record(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "version": self.version, "origin": self.origin,
                "k": {name: [layer.a.k, layer.b.k] for name, layer in sorted(self.layers.items())},
                "informative": {name: [layer.a.informative, layer.b.informative]
                                for name, layer in sorted(self.layers.items())}}


def _families(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen(eq=False)
class Skill:
    """One sleep's skill: coefficients in the basis (`coefficients`) or plain factors (`lora`), per layer."""

    coefficients: dict[str, LayerCoefficients] | None = None
    lora: dict[str, LoraFactors] | None = None
    dataset_hash: str | None = None
    families: tuple[str, ...] = field(default=(), converter=_families)  # trained on these task families; (): all

    def __attrs_post_init__(self) -> None:
        if (self.coefficients is None) == (self.lora is None):
            raise SubspaceError("a skill is either coefficients in a basis or plain LoRA factors, not both or neither")

    @property
    def kind(self) -> str:
        return "coefficients" if self.coefficients is not None else "lora"

    def factors(self, basis: Basis | None) -> dict[str, LoraFactors]:
        """The skill's update per layer as LoRA factors (scale 1)."""
        if self.lora is not None:
            return {name: lora.folded() for name, lora in self.lora.items()}
        if basis is None:
            raise SubspaceError("a skill stored as coefficients needs its basis; none was found")
        assert self.coefficients is not None
        return {name: basis.layers[name].reconstruct(c) for name, c in self.coefficients.items()}


@frozen(eq=False)
class SubspaceState:
    """A strategy's basis (None before it has one) and its skills, oldest first."""

    strategy: str
    basis: Basis | None
    skills: tuple[Skill, ...]

    def with_skills(self, skills: Sequence[Skill]) -> SubspaceState:
        return evolve(self, skills=tuple(skills))


def tensor_digest(tensors: Mapping[str, torch.Tensor]) -> str:
    digest = hashlib.sha256()
    for name, tensor in sorted(tensors.items()):
        data = tensor.detach().cpu().contiguous()
        digest.update(f"{name}|{data.dtype}|{list(data.shape)}|".encode())
        digest.update(data.view(torch.uint8).numpy().tobytes() if data.numel() else b"")
    return digest.hexdigest()


def save_state(adapter_dir: Path, state: SubspaceState) -> dict[str, Any]:
    """Write `state` under ``adapter_dir/subspace``; returns the ``state.json`` record."""
    directory = adapter_dir / DIRECTORY
    directory.mkdir(parents=True, exist_ok=True)
    basis_record = None
    if state.basis is not None:
        save_file(state.basis.tensors(), str(directory / BASIS_FILE), metadata={"sha256": state.basis.sha256})
        basis_record = state.basis.record()
    tensors: dict[str, torch.Tensor] = {}
    records = []
    for index, skill in enumerate(state.skills):
        if skill.coefficients is not None:
            for name, c in skill.coefficients.items():
                tensors[f"{index}/{name}/e_a"] = c.e_a.detach().cpu().contiguous()
                tensors[f"{index}/{name}/e_b"] = c.e_b.detach().cpu().contiguous()
        else:
            for name, lora in skill.factors(None).items():
                tensors[f"{index}/{name}/a"] = lora.a.detach().cpu().contiguous()
                tensors[f"{index}/{name}/b"] = lora.b.detach().cpu().contiguous()
        skill_record = {"kind": skill.kind, "dataset_hash": skill.dataset_hash,
                        "basis_sha256": basis_record["sha256"] if basis_record and skill.coefficients else None}
        if skill.families:  # absent for a skill of every family: states without routing are written as before
            skill_record["families"] = list(skill.families)
        records.append(skill_record)
    save_file(tensors, str(directory / SKILLS_FILE))
    record = {"format": FORMAT, "strategy": state.strategy, "basis": basis_record, "skills": records,
              "skills_sha256": tensor_digest(tensors)}
    (directory / STATE_FILE).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return record


def has_state(adapter_dir: Path, strategy: str) -> bool:
    path = adapter_dir / DIRECTORY / STATE_FILE
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("strategy") == strategy)
    except (OSError, ValueError, AttributeError):
        return False


def load_state(adapter_dir: Path) -> SubspaceState:
    """Read what `save_state` wrote; a basis whose content no longer matches its hash is refused."""
    directory = adapter_dir / DIRECTORY
    path = directory / STATE_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SubspaceError(f"{path}: not readable ({exc}); expected the subspace state a sleep wrote") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise SubspaceError(f"{path}: format {record.get('format') if isinstance(record, dict) else None!r}; "
                            f"expected {FORMAT}")
    basis = None
    if record["basis"] is not None:
        basis = load_basis(directory / BASIS_FILE, record["basis"])
    tensors = load_file(str(directory / SKILLS_FILE))
    if tensor_digest(tensors) != record["skills_sha256"]:
        raise SubspaceError(f"{directory / SKILLS_FILE}: content does not match the hash in {path}")
    skills = []
    for index, info in enumerate(record["skills"]):
        families = info.get("families", [])  # states written before routing have none: every family
        if not isinstance(families, list) or not all(isinstance(f, str) and f for f in families):
            raise SubspaceError(f"{path}: skills[{index}].families is {families!r}; expected a list of family names")
        layers: dict[str, dict[str, torch.Tensor]] = {}
        for key, tensor in tensors.items():
            position, name, side = key.split("/")
            if int(position) == index:
                layers.setdefault(name, {})[side] = tensor
        if info["kind"] == "coefficients":
            if basis is None or info["basis_sha256"] != basis.sha256:
                raise SubspaceError(f"{path}: skill {index} refers to basis {info['basis_sha256']}, but the basis "
                                    f"is {basis.sha256 if basis else 'missing'}")
            skills.append(Skill(coefficients={n: LayerCoefficients(t["e_a"], t["e_b"]) for n, t in layers.items()},
                                dataset_hash=info["dataset_hash"], families=tuple(families)))
        else:
            skills.append(Skill(lora={n: LoraFactors(t["a"], t["b"], 1.0) for n, t in layers.items()},
                                dataset_hash=info["dataset_hash"], families=tuple(families)))
    return SubspaceState(str(record["strategy"]), basis, tuple(skills))


def load_basis(path: Path, record: Mapping[str, Any]) -> Basis:
    """The basis in `path` (basis.safetensors), refused in one line when its content is not `record`'s sha256."""
    tensors = load_file(str(path))
    if tensor_digest(tensors) != record["sha256"]:
        raise SubspaceError(f"{path}: content hash {tensor_digest(tensors)} does not match the recorded "
                            f"{record['sha256']}; the basis was changed after it was written")
    layers = {}
    for name in sorted({key.rsplit("/", 1)[0] for key in tensors}):
        informative_a, informative_b = record["informative"][name]
        none = torch.zeros(0, dtype=torch.float64)  # singular values are not kept: only the fit reports them
        layers[name] = LayerBasis(SideBasis(tensors[f"{name}/alpha"], none, informative_a),
                                  SideBasis(tensors[f"{name}/beta"], none, informative_b))
    return Basis(layers, int(record["version"]), str(record["origin"]))
