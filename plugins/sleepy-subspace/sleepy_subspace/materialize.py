"""Basis + coefficients -> a standard PEFT LoRA adapter, so the gate, the adapter registry and every
serving backend take a subspace skill like any other adapter.

Per layer ``lora_B.weight = beta @ E_b`` (``n x r``) and ``lora_A.weight = (alpha @ E_a)^T`` (``r x d``),
with ``lora_alpha = r`` (scale 1: the subspace forward pass has no ``alpha / r``). Keys are the ones PEFT's
``save_pretrained`` writes (``base_model.model.<module>.lora_A.weight``), like the `lora` trainer's.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from attrs import frozen

from sleepy_subspace.basis import LayerBasis, LayerCoefficients
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors

PEFT_PREFIX = "base_model.model."


@frozen(eq=False)
class PeftLora:
    """A LoRA adapter as PEFT saves it: tensors by key, and the config values they need."""

    tensors: dict[str, torch.Tensor]
    rank: int
    lora_alpha: float
    target_modules: tuple[str, ...]  # the last component of every adapted module's name


def peft_keys(module: str) -> tuple[str, str]:
    """The ``lora_A`` and ``lora_B`` keys of a module path (``model.layers.0.self_attn.q_proj``)."""
    return f"{PEFT_PREFIX}{module}.lora_A.weight", f"{PEFT_PREFIX}{module}.lora_B.weight"


def lora_tensors(layers: Mapping[str, LoraFactors]) -> PeftLora:
    """Plain LoRA factors per module path as a PEFT adapter (scales folded into B, so alpha = r)."""
    if not layers:
        raise SubspaceError("an adapter needs at least one layer; got none")
    ranks = {name: lora.rank for name, lora in layers.items()}
    if len(set(ranks.values())) != 1:
        raise SubspaceError(f"layers have different ranks {ranks}: a PEFT adapter here has one rank r")
    tensors: dict[str, torch.Tensor] = {}
    for name, lora in sorted(layers.items()):
        folded = lora.folded()
        key_a, key_b = peft_keys(name)
        tensors[key_a] = folded.a.detach().contiguous()
        tensors[key_b] = folded.b.detach().contiguous()
    rank = next(iter(ranks.values()))
    return PeftLora(tensors, rank, float(rank), tuple(sorted({name.rsplit(".", 1)[-1] for name in layers})))


def materialize(basis: Mapping[str, LayerBasis], coefficients: Mapping[str, LayerCoefficients]) -> PeftLora:
    """One skill's coefficients in `basis` as a PEFT adapter (``B := beta E_b``, ``A := (alpha E_a)^T``)."""
    if set(basis) != set(coefficients):
        raise SubspaceError(f"coefficients cover layers {sorted(coefficients)} but the basis covers {sorted(basis)}: "
                            "expected the same layers")
    return lora_tensors({name: basis[name].reconstruct(coefficients[name]) for name in basis})


def factorised_delta(basis: LayerBasis, coefficients: LayerCoefficients) -> torch.Tensor:
    """``beta E_b E_a^T alpha^T`` (``n x d``), multiplied through the small ``k x k`` core."""
    core = coefficients.e_b @ coefficients.e_a.T
    return basis.b.vectors.to(core.dtype) @ core @ basis.a.vectors.to(core.dtype).T


def peft_delta(adapter: PeftLora, module: str) -> torch.Tensor:
    """The update a PEFT adapter applies to `module`: ``lora_alpha / r * B @ A``."""
    key_a, key_b = peft_keys(module)
    if key_a not in adapter.tensors:
        raise SubspaceError(f"the adapter has no layer {module!r}; it has {sorted(_modules(adapter))}")
    return adapter.lora_alpha / adapter.rank * (adapter.tensors[key_b] @ adapter.tensors[key_a])


def _modules(adapter: PeftLora) -> set[str]:
    return {key[len(PEFT_PREFIX):].rsplit(".lora_", 1)[0] for key in adapter.tensors}
