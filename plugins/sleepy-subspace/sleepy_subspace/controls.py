"""Controls that say whether a learned subspace adds anything (METHODS.md section 2(f)).

An independent replication of UWSH found the transferable part of many LoRAs is their mean update,
and that a fitted A-side subspace can be an artefact of a shared random init. So every subspace
strategy is compared with `mean_adapter` (the mean of the earlier updates, nothing learned) and with
`random_basis` (the same k, directions drawn at random).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from sleepy_subspace.basis import LayerBasis, SideBasis, extend_orthonormal
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors
from sleepy_subspace.olora import concatenate


def mean_adapter(loras: Sequence[LoraFactors], *, rank: int | None = None) -> LoraFactors:
    """A LoRA whose update is the mean of `loras`' updates.

    Without `rank` it is exact (rank = the sum of ranks); with `rank` it is the best rank-`rank`
    approximation of the mean update (truncated SVD), which is exact when the mean's rank is no larger.
    """
    if not loras:
        raise SubspaceError("the mean adapter needs at least one earlier adapter; got none")
    joined = concatenate(loras)
    exact = LoraFactors(joined.a, joined.b / len(loras), 1.0)
    if rank is None:
        return exact
    if not 1 <= rank <= min(exact.in_features, exact.out_features):
        raise SubspaceError(f"mean adapter rank {rank}: expected 1 <= rank <= "
                            f"{min(exact.in_features, exact.out_features)}")
    u, s, vh = torch.linalg.svd(exact.delta().to(torch.float64), full_matrices=False)
    root = s[:rank].sqrt()
    dtype = exact.a.dtype
    return LoraFactors((root[:, None] * vh[:rank]).to(dtype), (u[:, :rank] * root).to(dtype), 1.0)


def random_basis(dim: int, k: int, *, seed: int, dtype: torch.dtype = torch.float32) -> SideBasis:
    """k orthonormal directions of a `dim`-dimensional side, drawn from `seed` (the same seed, the same basis)."""
    if not 1 <= k <= dim:
        raise SubspaceError(f"random basis: k = {k} directions do not fit dimension {dim}: expected 1 <= k <= {dim}")
    start = torch.zeros(dim, 0, dtype=torch.float64)
    vectors = extend_orthonormal(start, k, torch.Generator().manual_seed(seed))
    return SideBasis(vectors.to(dtype), torch.zeros(0, dtype=torch.float64), 0)


def random_layer_basis(like: LayerBasis, *, seed: int) -> LayerBasis:
    """A random basis with the same dimensions, k per side and dtype as `like`."""
    return LayerBasis(random_basis(like.a.dim, like.a.k, seed=seed, dtype=like.a.vectors.dtype),
                      random_basis(like.b.dim, like.b.k, seed=seed + 1, dtype=like.b.vectors.dtype))
