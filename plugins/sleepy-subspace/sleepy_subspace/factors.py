"""One LoRA update of one linear layer, in PEFT's convention: ``delta_W = scale * B @ A``.

Every method in this package works on these factors. Shapes follow PEFT's state dict: ``A`` is
``r x d`` (``lora_A.weight``, d = in features), ``B`` is ``n x r`` (``lora_B.weight``, n = out features).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from attrs import field, frozen

from sleepy_subspace.errors import SubspaceError


def _matrix(name: str) -> Callable[[Any, Any, torch.Tensor], None]:
    def check(instance: Any, attribute: Any, value: torch.Tensor) -> None:
        if not isinstance(value, torch.Tensor) or value.dim() != 2:
            shape = list(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
            raise SubspaceError(f"LoRA factor {name}: expected a 2-D tensor, got {shape}")

    return check


@frozen(eq=False)
class LoraFactors:
    """``delta_W = scale * b @ a`` for one layer: ``a`` is ``r x d``, ``b`` is ``n x r``."""

    a: torch.Tensor = field(validator=_matrix("A"))
    b: torch.Tensor = field(validator=_matrix("B"))
    scale: float = 1.0

    def __attrs_post_init__(self) -> None:
        if self.a.shape[0] != self.b.shape[1]:
            raise SubspaceError(f"LoRA factors: A is {list(self.a.shape)} and B is {list(self.b.shape)}; "
                                "expected B's columns to equal A's rows (the rank)")

    @classmethod
    def from_peft(cls, lora_a: torch.Tensor, lora_b: torch.Tensor, *, lora_alpha: float, rank: int) -> LoraFactors:
        """From PEFT's tensors and config (scale ``lora_alpha / r``; rsLoRA is not supported)."""
        return cls(lora_a, lora_b, lora_alpha / rank)

    @property
    def rank(self) -> int:
        return int(self.a.shape[0])

    @property
    def in_features(self) -> int:
        return int(self.a.shape[1])

    @property
    def out_features(self) -> int:
        return int(self.b.shape[0])

    def delta(self) -> torch.Tensor:
        """The full ``n x d`` update."""
        return self.scale * (self.b @ self.a)

    def folded(self) -> LoraFactors:
        """The same update with the scale folded into B (scale 1): how factors are stacked and exported."""
        return LoraFactors(self.a, self.b * self.scale, 1.0)

    def to(self, dtype: torch.dtype) -> LoraFactors:
        return LoraFactors(self.a.to(dtype), self.b.to(dtype), self.scale)


def relative_error(approx: torch.Tensor, exact: torch.Tensor) -> float:
    """``|approx - exact|_F / |exact|_F``; the absolute error when ``exact`` is zero (0.0 if both are)."""
    difference = float(torch.linalg.matrix_norm((approx - exact).to(torch.float64)))
    reference = float(torch.linalg.matrix_norm(exact.to(torch.float64)))
    return difference / reference if reference > 0 else difference
