"""Subspace layers and frozen LoRAs attached to the backend's borrowed model through forward hooks.

As the `lora` trainer's `LoraHooks`: the model is never rewritten; each target layer's output gets the
update added by a hook, and `detach` removes every hook. `SubspaceHooks` holds one `SubspaceLinear` per
target (frozen basis buffers, trainable coefficients and temporary directions) and implements the
`Trainable` protocol of `sleepy_transformers.training.loop.fit`, so coefficients train with the lora
trainer's batching, schedule and checkpoints. `FrozenLoraHooks` adds fixed updates (O-LoRA's earlier
skills, active while the new one trains).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import torch
from torch import nn

from sleepy_subspace.basis import LayerBasis, LayerCoefficients
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors
from sleepy_subspace.layer import SubspaceLinear


def _base_linear(module: nn.Module) -> nn.Module:
    return getattr(module, "base_layer", module)  # a PEFT wrapper keeps the original layer as base_layer


def fresh(basis: LayerBasis, rank: int, *, seed: int) -> LayerCoefficients:
    """A new skill's coefficients (float32): E_a uniform(-0.5, 0.5) as the official code, E_b zero, so the
    model is unchanged at step 0 while E_b still gets a gradient (`layer.fresh_coefficients`)."""
    generator = torch.Generator().manual_seed(seed)
    e_a = torch.rand(basis.a.k, rank, generator=generator, dtype=torch.float64) - 0.5
    return LayerCoefficients(e_a.float(), torch.zeros(basis.b.k, rank))


def _add(output: torch.Tensor, x: torch.Tensor, a_t: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if not torch.is_autocast_enabled(x.device.type):
        x = x.to(a_t.dtype)
    update = (x @ a_t) @ b.T
    return output + update.to(output.dtype)


class SubspaceHooks:
    """A skill in `basis` on `targets` of a model: only coefficients (and temporary directions) train."""

    def __init__(self, targets: Mapping[str, nn.Module], basis: Mapping[str, LayerBasis],
                 coefficients: Mapping[str, LayerCoefficients], *, temporary: int = 0, seed: int = 0) -> None:
        if set(targets) != set(basis) or set(basis) != set(coefficients):
            raise SubspaceError(f"the basis covers layers {sorted(basis)[:3]}... ({len(basis)}), the model's targets "
                                f"{sorted(targets)[:3]}... ({len(targets)}): expected the same layers (were "
                                "target_modules or the base model changed between sleeps?)")
        self.training = True
        self.targets = dict(targets)
        self.layers: dict[str, SubspaceLinear] = {}
        device = next(_base_linear(next(iter(self.targets.values()))).parameters()).device
        self.dropout_generator = torch.Generator(device=device).manual_seed(seed)  # no dropout; checkpointed anyway
        for index, (name, module) in enumerate(sorted(self.targets.items())):
            linear = _base_linear(module)
            assert isinstance(linear, nn.Linear), f"{name} is a {type(linear).__name__}, not a linear layer"
            layer = SubspaceLinear(linear, basis[name], coefficients[name], temporary=temporary, seed=seed + index)
            # Coefficients train in float32 whatever the model's dtype (as LoRA weights do); the base layer,
            # which SubspaceLinear holds as a child, is left exactly as it is.
            for key, value in list(layer._parameters.items()):
                if value is not None:
                    layer._parameters[key] = nn.Parameter(value.detach().float())
            for key, buffer in list(layer._buffers.items()):
                if buffer is not None:
                    layer._buffers[key] = buffer.float()
            self.layers[name] = layer
        self._handles = [module.register_forward_hook(self._hook(name)) for name, module in self.targets.items()]

    def _hook(self, name: str) -> Any:
        layer = self.layers[name]

        def add(module: nn.Module, args: tuple[Any, ...], output: torch.Tensor) -> torch.Tensor:
            return _add(output, args[0], layer.a_transposed(), layer.b())

        return add

    def parameters(self) -> Iterator[nn.Parameter]:
        for name in sorted(self.layers):
            yield from self.layers[name]._parameters.values()  # type: ignore[misc]

    def buffers(self) -> dict[str, torch.Tensor]:
        """The basis as the layers hold it (``<layer>.alpha`` / ``.beta``)."""
        return {f"{name}.{key}": b for name, layer in self.layers.items() for key, b in layer._buffers.items()
                if b is not None}

    def state(self) -> dict[str, torch.Tensor]:
        return {f"{name}.{key}": p.detach().cpu().clone() for name, layer in self.layers.items()
                for key, p in layer._parameters.items() if p is not None}

    def load_state(self, tensors: Mapping[str, torch.Tensor]) -> None:
        with torch.no_grad():
            for name, layer in self.layers.items():
                for key, p in layer._parameters.items():
                    if p is not None:
                        p.copy_(tensors[f"{name}.{key}"])

    def factors(self) -> dict[str, LoraFactors]:
        """Each layer's full update (temporary directions included): what `basis.merge` folds in."""
        return {name: layer.factors() for name, layer in self.layers.items()}

    def coefficients(self) -> dict[str, LayerCoefficients]:
        return {name: layer.coefficients() for name, layer in self.layers.items()}

    def detach(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []


class FrozenLoraHooks:
    """Fixed LoRA updates (scale folded, float32) added to `targets`' outputs; nothing here trains."""

    def __init__(self, targets: Mapping[str, nn.Module], layers: Mapping[str, LoraFactors]) -> None:
        self._handles = []
        for name, lora in sorted(layers.items()):
            if name not in targets:
                raise SubspaceError(f"an earlier adapter adapts {name}, which is not among this sleep's target layers")
            device = next(_base_linear(targets[name]).parameters()).device
            folded = lora.folded()
            a_t, b = folded.a.detach().T.float().to(device), folded.b.detach().float().to(device)
            self._handles.append(targets[name].register_forward_hook(self._hook(a_t, b)))

    @staticmethod
    def _hook(a_t: torch.Tensor, b: torch.Tensor) -> Any:
        def add(module: nn.Module, args: tuple[Any, ...], output: torch.Tensor) -> torch.Tensor:
            return _add(output, args[0], a_t, b)

        return add

    def detach(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []
