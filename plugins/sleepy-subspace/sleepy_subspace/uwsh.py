"""UWSH's basis (arXiv 2512.05117; docs: METHODS.md section 2), estimated from a set of adapters.

The result is a `sleepy_subspace.basis.LayerBasis`, so projection, reconstruction, coefficient-only
training (`sleepy_subspace.layer.SubspaceLinear`) and export are Share's, unchanged. What differs
from `sleepy_subspace.basis.fit_side`:

- Centring: UWSH subtracts the element-wise mean *matrix* across adapters (each of the r columns its own
  mean), where Share subtracts one mean column over all stacked columns. So every adapter must have the
  same rank here, and a component shared by all adapters (the mean adapter) is removed entirely; the
  mean direction is not added back either (`controls.mean_adapter` is that part, kept separate because
  an independent replication finds it carries most of what transfers).
- k: the fewest directions reaching an explained-variance threshold (the paper's tables use 0.6 to
  0.95), capped at 300 as in the official PCA script, or a fixed k.
- Random extension: ``gram_schmidt`` seeded random directions orthonormal to the fitted ones are
  appended (the NLU SubspaceAdapter uses 32 fitted + 32 random).
- Orientation: the official script PCAs the row-stacked B factors, which leaves only r-dimensional
  components; both sides here live in the layer's own spaces (d for A, n for B), as Share's layer needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from sleepy_subspace.basis import LayerBasis, SideBasis, basis_from_centred, extend_orthonormal
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors

MAX_COMPONENTS = 300


def components_for(singular_values: torch.Tensor, threshold: float) -> int:
    """The fewest leading directions whose explained variance reaches `threshold` (at least 1)."""
    if not 0 < threshold <= 1:
        raise SubspaceError(f"explained-variance threshold {threshold}: expected a number in (0, 1]")
    variance = singular_values.to(torch.float64) ** 2
    total = float(variance.sum())
    if total == 0:
        return 1
    cumulative = torch.cumsum(variance, dim=0) / total
    return int((cumulative < threshold - 1e-12).sum()) + 1


def fit_side(factors: Sequence[torch.Tensor], *, threshold: float = 0.9, k: int | None = None,
             gram_schmidt: int = 0, max_components: int = MAX_COMPONENTS, seed: int = 0) -> SideBasis:
    """UWSH's basis of one side from equally shaped ``D x r`` factors."""
    shapes = {tuple(f.shape) for f in factors}
    if len(shapes) != 1:
        raise SubspaceError(f"UWSH centres factors element-wise, so they must share one shape; got {sorted(shapes)}")
    stack = torch.stack([f.to(torch.float64) for f in factors])  # N x D x r
    centred = stack - stack.mean(dim=0, keepdim=True)
    dim = stack.shape[1]
    if not 0 <= gram_schmidt < dim:
        raise SubspaceError(f"gram_schmidt = {gram_schmidt} random directions leave no room for fitted ones in "
                            f"dimension {dim}: expected 0 <= gram_schmidt < {dim}")
    flat, flat_centred = (t.permute(1, 0, 2).reshape(dim, -1) for t in (stack, centred))  # D x N*r, like hstack
    if k is None:
        singular = torch.linalg.svdvals(flat_centred)
        k = min(components_for(singular, threshold), max_components, dim - gram_schmidt)
    basis = basis_from_centred(flat, flat_centred, k, seed=seed, add_mean=False, dtype=torch.float64,
                               source_dtype=factors[0].dtype)
    vectors = basis.vectors
    if gram_schmidt:
        vectors = extend_orthonormal(vectors, gram_schmidt, torch.Generator().manual_seed(seed + 1_000_003))
    return SideBasis(vectors.to(factors[0].dtype), basis.singular_values, basis.informative)


def fit_layer(loras: Sequence[LoraFactors], *, threshold: float = 0.9, k: int | None = None, gram_schmidt: int = 0,
              max_components: int = MAX_COMPONENTS, seed: int = 0) -> LayerBasis:
    """Both sides' UWSH bases of one layer (scales folded into B first)."""
    if len(loras) < 2:
        raise SubspaceError(f"UWSH estimates a basis from a set of adapters; got {len(loras)}, expected at least 2")
    folded = [lora.folded() for lora in loras]
    sides = ([f.a.T for f in folded], [f.b for f in folded])
    a, b = (fit_side(factors, threshold=threshold, k=k, gram_schmidt=gram_schmidt, max_components=max_components,
                     seed=seed + offset) for offset, factors in enumerate(sides))
    return LayerBasis(a, b)
