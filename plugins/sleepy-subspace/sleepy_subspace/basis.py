"""Share's shared basis (arXiv 2602.06043; docs: METHODS.md section 1), per adapted layer and side.

Each side of a layer gets its own orthonormal basis: ``alpha`` (``d x k``) for the input side, where the
factors are ``A^T`` (``d x r``), and ``beta`` (``n x k``) for the output side, where they are ``B`` (``n x r``,
with the LoRA scale folded in so adapters with different ``alpha / r`` stack correctly). A skill is then
two ``k x r`` coefficient matrices, ``E_a`` and ``E_b``, with ``A^T ~ alpha @ E_a`` and ``B ~ beta @ E_b``.

Fitting follows the official code: stack the factors column-wise, subtract each row's mean over the
stacked columns, keep the top-k left singular vectors; coefficients are ``U^T F`` of the *un-centred*
factor (the centring only shapes the basis, so no mean is stored or added back). Two choices the
paper leaves open are made explicit here:

- When k exceeds the directions the centred stack has (its numerical rank), the next direction is the
  part of the stacked columns' mean outside the basis (the one direction centring removed), so a basis
  whose k covers the factors' span reconstructs them exactly. Any directions still missing are seeded
  random ones orthonormalised against the rest (the official code's ``add_gram_schmidt_vectors``);
  ``SideBasis.informative`` says how many came from the data.
- `merge` is the cross-task update (the code's ``weight_update.py``): every earlier skill's
  reconstruction and the new skill's full factors (coefficients *and* temporary directions) are stacked,
  refitted and re-projected. The in-layer variant is not offered: with 2r columns it keeps at most
  2r - 1 meaningful directions and drops the old skills' other ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from attrs import frozen

from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors, relative_error


@frozen(eq=False)
class SideBasis:
    """Orthonormal columns spanning one side of one layer, and how they were found."""

    vectors: torch.Tensor  # D x k, orthonormal columns
    singular_values: torch.Tensor  # of the centred stack it was fitted on (float64; empty for a random basis)
    informative: int  # leading columns that came from the data; the rest are seeded random directions

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def k(self) -> int:
        return int(self.vectors.shape[1])

    @property
    def explained_variance(self) -> float:
        """Share of the centred stack's variance the basis keeps (1.0 when it kept every direction)."""
        total = float((self.singular_values ** 2).sum())
        if total == 0:
            return 1.0
        kept = min(self.k, self.singular_values.numel())
        return float((self.singular_values[:kept] ** 2).sum()) / total

    def project(self, factor: torch.Tensor) -> torch.Tensor:
        """Coefficients ``U^T F`` (``k x r``) of a ``D x r`` factor: least squares, since U is orthonormal."""
        if factor.dim() != 2 or factor.shape[0] != self.dim:
            raise SubspaceError(f"factor of shape {list(factor.shape)} cannot be projected onto a basis of "
                                f"dimension {self.dim}: expected {self.dim} rows")
        return self.vectors.to(factor.dtype).T @ factor

    def reconstruct(self, coefficients: torch.Tensor) -> torch.Tensor:
        """The ``D x r`` factor ``U @ E`` of ``k x r`` coefficients."""
        if coefficients.dim() != 2 or coefficients.shape[0] != self.k:
            raise SubspaceError(f"coefficients of shape {list(coefficients.shape)} do not fit a basis of "
                                f"{self.k} directions: expected {self.k} rows")
        return self.vectors.to(coefficients.dtype) @ coefficients


@frozen(eq=False)
class LayerCoefficients:
    """One skill in one layer: ``A^T ~ alpha @ e_a`` and ``B ~ beta @ e_b``, both ``k x r``."""

    e_a: torch.Tensor
    e_b: torch.Tensor

    def __attrs_post_init__(self) -> None:
        if self.e_a.dim() != 2 or self.e_b.dim() != 2 or self.e_a.shape[1] != self.e_b.shape[1]:
            raise SubspaceError(f"coefficients: e_a is {list(self.e_a.shape)} and e_b is {list(self.e_b.shape)}; "
                                "expected two k x r matrices of the same width r")

    @property
    def rank(self) -> int:
        return int(self.e_a.shape[1])


@frozen(eq=False)
class LayerBasis:
    """The two sides' bases of one adapted layer: ``a`` (alpha, ``d x k``) and ``b`` (beta, ``n x k``)."""

    a: SideBasis
    b: SideBasis

    @property
    def in_features(self) -> int:
        return self.a.dim

    @property
    def out_features(self) -> int:
        return self.b.dim

    def project(self, lora: LoraFactors) -> LayerCoefficients:
        """A LoRA update's coefficients (its scale folded into B first)."""
        if (lora.in_features, lora.out_features) != (self.in_features, self.out_features):
            raise SubspaceError(f"a {lora.in_features}->{lora.out_features} LoRA cannot be projected onto the basis "
                                f"of a {self.in_features}->{self.out_features} layer")
        folded = lora.folded()
        return LayerCoefficients(self.a.project(folded.a.T), self.b.project(folded.b))

    def reconstruct(self, coefficients: LayerCoefficients) -> LoraFactors:
        """The LoRA factors a skill's coefficients stand for (scale 1)."""
        return LoraFactors(self.a.reconstruct(coefficients.e_a).T, self.b.reconstruct(coefficients.e_b), 1.0)


def fit_side(factors: Sequence[torch.Tensor], k: int, *, seed: int = 0) -> SideBasis:
    """Share's basis of one side from ``D x r_i`` factors: centred SVD, top-k left singular vectors."""
    stack = _stack(factors)
    centred = stack - stack.mean(dim=1, keepdim=True)
    return basis_from_centred(stack, centred, k, seed=seed, add_mean=True, dtype=factors[0].dtype)


def fit_layer(loras: Sequence[LoraFactors], k: int, *, k_b: int | None = None, seed: int = 0) -> LayerBasis:
    """Both sides' bases of one layer from earlier adapters (Share's phase 1); `k_b` (default k) for the B side."""
    if not loras:
        raise SubspaceError("fitting a basis needs at least one earlier adapter; got none")
    folded = [lora.folded() for lora in loras]
    _check_same_layer(folded)
    return LayerBasis(fit_side([f.a.T for f in folded], k, seed=seed),
                      fit_side([f.b for f in folded], k if k_b is None else k_b, seed=seed + 1))


def basis_from_centred(stack: torch.Tensor, centred: torch.Tensor, k: int, *, seed: int, add_mean: bool,
                       dtype: torch.dtype, source_dtype: torch.dtype | None = None) -> SideBasis:
    """Top-k left singular vectors of `centred` (float64), topped up as the module docstring says, in `dtype`.

    `add_mean`: when the centred stack runs out of directions, add the part of `stack` outside them
    first (Share centres but projects un-centred factors); then seeded random directions. A direction
    counts as informative when its singular value exceeds the rounding noise of `source_dtype` (the
    factors' own precision; default `dtype`) relative to the stack's norm.
    """
    dim = stack.shape[0]
    if not 1 <= k <= dim:
        raise SubspaceError(f"k = {k} directions do not fit a side of dimension {dim}: expected 1 <= k <= {dim}")
    u, s, _ = torch.linalg.svd(centred, full_matrices=False)
    tolerance = _noise_level(stack, source_dtype or dtype)
    vectors = _fix_signs(u[:, :min(k, int((s > tolerance).sum()))])
    if add_mean and vectors.shape[1] < k:
        residual = _orthogonal_part(stack, vectors)
        ru, rs, _ = torch.linalg.svd(residual, full_matrices=False)
        extra = _orthogonal_part(ru[:, :min(k - vectors.shape[1], int((rs > tolerance).sum()))], vectors)
        if extra.shape[1]:
            q = torch.linalg.qr(extra).Q  # the residual's singular vectors are only roughly orthogonal to `vectors`
            vectors = torch.cat([vectors, _fix_signs(q)], dim=1)
    informative = int(vectors.shape[1])
    if informative < k:
        generator = torch.Generator().manual_seed(seed)
        vectors = extend_orthonormal(vectors, k - informative, generator)
    return SideBasis(vectors.to(dtype), s, informative)


def _noise_level(stack: torch.Tensor, dtype: torch.dtype) -> float:
    """Singular values below this are rounding noise: never less than 1e-10 of the stack's norm, since
    the float64 SVDs and projections themselves leave residues well above float64's epsilon."""
    relative = max(1e-10, 10 * max(stack.shape) * torch.finfo(dtype).eps)
    return relative * float(torch.linalg.matrix_norm(stack))


def _orthogonal_part(columns: torch.Tensor, vectors: torch.Tensor) -> torch.Tensor:
    for _ in range(2):  # twice: one pass of classical Gram-Schmidt loses orthogonality in floating point
        columns = columns - vectors @ (vectors.T @ columns)
    return columns


def extend_orthonormal(vectors: torch.Tensor, count: int, generator: torch.Generator) -> torch.Tensor:
    """`vectors` (orthonormal columns) plus `count` random unit columns orthogonal to them and each other."""
    dim = vectors.shape[0]
    if vectors.shape[1] + count > dim:
        raise SubspaceError(f"{vectors.shape[1]} + {count} directions do not fit dimension {dim}")
    draw = torch.randn(dim, count, generator=generator, dtype=torch.float64).to(vectors.dtype)
    q, r = torch.linalg.qr(_orthogonal_part(draw, vectors))
    q = q * torch.where(torch.diagonal(r) < 0, -1.0, 1.0).to(q.dtype)  # QR's signs are not unique
    return torch.cat([vectors, q], dim=1)


def _fix_signs(u: torch.Tensor) -> torch.Tensor:
    """Flip each column so its largest entry is positive: an SVD's signs are arbitrary, bases should not be."""
    if u.shape[1] == 0:
        return u
    rows = u.abs().argmax(dim=0)
    signs = torch.sign(u[rows, torch.arange(u.shape[1])])
    return u * torch.where(signs == 0, 1.0, signs).to(u.dtype)


def _stack(factors: Sequence[torch.Tensor]) -> torch.Tensor:
    if not factors:
        raise SubspaceError("fitting a basis needs at least one factor; got none")
    rows = {int(f.shape[0]) for f in factors}
    if len(rows) != 1 or any(f.dim() != 2 for f in factors):
        raise SubspaceError(f"factors to stack have shapes {[list(f.shape) for f in factors]}: "
                            "expected 2-D factors with the same number of rows")
    return torch.cat([f.to(torch.float64) for f in factors], dim=1)  # float64: the basis is fitted once, exactly


def _check_same_layer(loras: Sequence[LoraFactors]) -> None:
    shapes = {(lora.in_features, lora.out_features) for lora in loras}
    if len(shapes) != 1:
        raise SubspaceError(f"adapters of one layer have in->out features {sorted(shapes)}: expected one shape")


@frozen(eq=False)
class Merge:
    """The refitted basis, every skill's re-projected coefficients (earlier ones first, the new one last),
    and each skill's relative update error ``|dW_after - dW_before|_F / |dW_before|_F``."""

    basis: LayerBasis
    coefficients: tuple[LayerCoefficients, ...]
    errors: tuple[float, ...]


def merge(basis: LayerBasis, earlier: Sequence[LayerCoefficients], new: LoraFactors, *, k: int | None = None,
          seed: int = 0) -> Merge:
    """Fold a new skill (its full factors: coefficients plus temporary directions) into the basis.

    Stacks every earlier skill's reconstruction with the new factors, refits each side (with `k`
    directions, by default as many as that side has now), and re-projects every skill, earlier ones included.
    """
    before = [basis.reconstruct(c) for c in earlier] + [new.folded()]
    refitted = fit_layer(before, basis.a.k if k is None else k, k_b=basis.b.k if k is None else k, seed=seed)
    coefficients = tuple(refitted.project(f) for f in before)
    errors = tuple(relative_error(refitted.reconstruct(c).delta(), f.delta()) for c, f in zip(coefficients, before,
                                                                                              strict=True))
    return Merge(refitted, coefficients, errors)


def project_all(basis: LayerBasis, loras: Sequence[LoraFactors]) -> tuple[tuple[LayerCoefficients, ...],
                                                                           tuple[float, ...]]:
    """Each adapter's coefficients and its relative update error in `basis` (what a basis loses)."""
    coefficients = tuple(basis.project(lora) for lora in loras)
    errors = tuple(relative_error(basis.reconstruct(c).delta(), lora.delta().to(c.e_a.dtype))
                   for c, lora in zip(coefficients, loras, strict=True))
    return coefficients, errors
