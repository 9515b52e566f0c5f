"""Small random LoRA adapters for the tests (float64 unless asked otherwise)."""

from __future__ import annotations

import torch
from sleepy_subspace.factors import LoraFactors
from torch import nn

F64 = torch.float64


def generator(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def random_lora(d: int, n: int, r: int, g: torch.Generator, *, scale: float = 1.0,
                dtype: torch.dtype = F64) -> LoraFactors:
    return LoraFactors(torch.randn(r, d, generator=g, dtype=F64).to(dtype),
                       torch.randn(n, r, generator=g, dtype=F64).to(dtype), scale)


def orthonormal(dim: int, k: int, g: torch.Generator) -> torch.Tensor:
    q, _ = torch.linalg.qr(torch.randn(dim, k, generator=g, dtype=F64))
    return q


def lora_in_subspace(alpha: torch.Tensor, beta: torch.Tensor, r: int, g: torch.Generator, *,
                     noise: float = 0.0, scale: float = 1.0) -> LoraFactors:
    """A LoRA whose A rows lie in span(alpha) and B columns in span(beta), plus relative `noise`."""
    a_t = alpha @ torch.randn(alpha.shape[1], r, generator=g, dtype=F64)
    b = beta @ torch.randn(beta.shape[1], r, generator=g, dtype=F64)
    a_t = a_t + noise * a_t.norm() / a_t.numel() ** 0.5 * torch.randn(a_t.shape, generator=g, dtype=F64)
    b = b + noise * b.norm() / b.numel() ** 0.5 * torch.randn(b.shape, generator=g, dtype=F64)
    return LoraFactors(a_t.T.contiguous(), b, scale)


def gram(vectors: torch.Tensor) -> torch.Tensor:
    return vectors.T @ vectors


class TinyModel(nn.Module):
    """Two decoder-like blocks whose module paths look like a causal LM's."""

    def __init__(self) -> None:
        super().__init__()
        self.model = nn.Module()
        self.model.layers = nn.ModuleList()
        for _ in range(2):
            block = nn.Module()
            block.self_attn = nn.Module()
            block.self_attn.q_proj = nn.Linear(16, 16)
            block.self_attn.v_proj = nn.Linear(16, 8)
            self.model.layers.append(block)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs = []
        for block in self.model.layers:
            outputs += [block.self_attn.q_proj(x), block.self_attn.v_proj(x)]
        return torch.cat(outputs, dim=-1)
