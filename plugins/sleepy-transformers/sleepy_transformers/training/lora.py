"""LoRA weights attached to a borrowed model through forward hooks, saved in PEFT's format.

The backend lends its loaded model; hooks add ``B @ A @ dropout(x) * alpha / r`` to the output of each
target layer (PEFT's LoRA, computed the same way) and `detach` removes them, so the model, the
backend's own PEFT adapters and its active-adapter state are never rewritten. A target that is itself
a PEFT wrapper (the backend has adapters loaded) is hooked as a whole, with the backend's adapters
disabled while training, so the new adapter learns on the base weights alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional as F

from sleepy import BackendError

PEFT_PREFIX = "base_model.model."
_PEFT_KEY = re.compile(r"^(?:base_model\.model\.)?(?P<module>.+)\.lora_(?P<side>[AB])(?:\.[\w-]+)?\.weight$")


def find_targets(model: nn.Module, suffixes: Sequence[str]) -> dict[str, nn.Module]:
    """Linear layers whose name ends with one of `suffixes`, by their path in `model`."""
    wanted = set(suffixes)
    found = {name: module for name, module in model.named_modules()
             if name.rsplit(".", 1)[-1] in wanted and _features(module) is not None}
    if not found:
        linear = sorted({n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, nn.Linear)})
        raise BackendError(f"no layer of the model is named {', '.join(sorted(wanted))}; its linear layers are "
                           f"named {', '.join(linear) or 'nothing'} (set the lora trainer's target_modules)")
    return found


def _features(module: nn.Module) -> tuple[int, int] | None:
    base = getattr(module, "base_layer", module)  # a PEFT wrapper keeps the original layer as base_layer
    fan_in, fan_out = getattr(base, "in_features", None), getattr(base, "out_features", None)
    return (fan_in, fan_out) if isinstance(fan_in, int) and isinstance(fan_out, int) else None


class LoraHooks:
    """A fresh LoRA adapter on `targets` of a model: trainable A/B matrices applied by forward hooks."""

    def __init__(self, targets: Mapping[str, nn.Module], *, rank: int, alpha: float, dropout: float,
                 seed: int) -> None:
        self.rank, self.alpha, self.dropout = rank, alpha, dropout
        self.scale = alpha / rank
        self.training = True
        self.targets = dict(targets)
        self.a: dict[str, nn.Parameter] = {}
        self.b: dict[str, nn.Parameter] = {}
        generator = torch.Generator().manual_seed(seed)
        device = next(next(iter(self.targets.values())).parameters()).device
        # Dropout draws from its own generator, not torch's global one: the run's randomness is then
        # exactly this generator's state, which checkpoints save, and nothing the caller does disturbs it.
        self.dropout_generator = torch.Generator(device=device).manual_seed(seed + 1)
        for name, module in sorted(self.targets.items()):
            features = _features(module)
            assert features is not None
            fan_in, fan_out = features
            device = next(module.parameters()).device
            a = torch.empty(rank, fan_in)
            nn.init.kaiming_uniform_(a, a=math.sqrt(5), generator=generator)  # PEFT's default init of lora_A
            self.a[name] = nn.Parameter(a.to(device))
            self.b[name] = nn.Parameter(torch.zeros(fan_out, rank, device=device))
        self._handles = [module.register_forward_hook(self._hook(name)) for name, module in self.targets.items()]

    def _hook(self, name: str) -> Any:
        a, b = self.a[name], self.b[name]

        def add_lora(module: nn.Module, args: tuple[Any, ...], output: torch.Tensor) -> torch.Tensor:
            x = args[0]
            if not torch.is_autocast_enabled(x.device.type):
                x = x.to(a.dtype)
            scale = self.scale
            if self.training and self.dropout > 0:
                keep = 1.0 - self.dropout
                x = x * torch.empty_like(x).bernoulli_(keep, generator=self.dropout_generator)
                scale /= keep  # inverted dropout's 1/keep, folded into the scale
            low = F.linear(x, a).reshape(-1, a.shape[0])
            if low.dtype != output.dtype:  # e.g. a bfloat16 model without autocast: float32 LoRA, cast back
                return output + (F.linear(low, b) * scale).to(output.dtype).reshape(output.shape)
            # One fused GEMM adds the scaled update to the base output: no separate scale and add passes.
            return torch.addmm(output.reshape(-1, output.shape[-1]), low, b.t(), alpha=scale).reshape(output.shape)

        return add_lora

    def parameters(self) -> Iterator[nn.Parameter]:
        """A, then B, of every target, in a fixed order (the optimizer's parameter order)."""
        for name in sorted(self.a):
            yield self.a[name]
            yield self.b[name]

    def detach(self) -> None:
        """Remove the hooks: the model computes exactly what it did before."""
        for handle in self._handles:
            handle.remove()
        self._handles = []

    @property
    def module_shapes(self) -> dict[str, tuple[int, int]]:
        """(in_features, out_features) per target suffix, as adapter validation expects."""
        return {name.rsplit(".", 1)[-1]: (a.shape[1], self.b[name].shape[0]) for name, a in self.a.items()}

    @property
    def suffixes(self) -> list[str]:
        return sorted({name.rsplit(".", 1)[-1] for name in self.a})

    # --- state ----------------------------------------------------------------------------------

    def state(self) -> dict[str, torch.Tensor]:
        """The weights for a checkpoint, on the CPU."""
        tensors = {f"{n}.lora_A": p.detach().cpu().clone() for n, p in self.a.items()}
        tensors.update({f"{n}.lora_B": p.detach().cpu().clone() for n, p in self.b.items()})
        return tensors

    def load_state(self, tensors: Mapping[str, torch.Tensor]) -> None:
        with torch.no_grad():
            for name in self.a:
                self.a[name].copy_(tensors[f"{name}.lora_A"])
                self.b[name].copy_(tensors[f"{name}.lora_B"])

    def peft_tensors(self) -> dict[str, torch.Tensor]:
        """The weights under the names PEFT's ``save_pretrained`` uses (``PeftModel.from_pretrained`` loads them)."""
        tensors = {f"{PEFT_PREFIX}{n}.lora_A.weight": p.detach().cpu().contiguous() for n, p in self.a.items()}
        tensors.update({f"{PEFT_PREFIX}{n}.lora_B.weight": p.detach().cpu().contiguous() for n, p in self.b.items()})
        return tensors

    def load_peft(self, weights: Path) -> int:
        """Start from a saved PEFT adapter's weights; returns how many layers it covered."""
        pairs: dict[str, dict[str, torch.Tensor]] = {}
        for key, tensor in load_file(str(weights)).items():
            match = _PEFT_KEY.match(key)
            if match is not None:
                pairs.setdefault(match["module"], {})[match["side"]] = tensor
        covered = 0
        with torch.no_grad():
            for name, sides in pairs.items():
                if name not in self.a or set(sides) != {"A", "B"}:
                    continue
                if sides["A"].shape != self.a[name].shape or sides["B"].shape != self.b[name].shape:
                    raise BackendError(f"parent adapter {weights.parent}: {name} has lora_A {list(sides['A'].shape)}"
                                       f" / lora_B {list(sides['B'].shape)}, but this training uses rank "
                                       f"{self.rank} on a {self.a[name].shape[1]}->{self.b[name].shape[0]} layer")
                self.a[name].copy_(sides["A"])
                self.b[name].copy_(sides["B"])
                covered += 1
        if not covered:
            raise BackendError(f"parent adapter {weights.parent} adapts none of the layers being trained")
        return covered
