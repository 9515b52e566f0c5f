"""Small random LoRA adapters for the tests (float64 unless asked otherwise)."""

from __future__ import annotations

import torch
from sleepy_subspace.factors import LoraFactors

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
