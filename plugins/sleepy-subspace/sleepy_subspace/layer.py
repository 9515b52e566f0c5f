"""A linear layer that learns a skill as coefficients in a frozen shared basis (Share's phase 2).

``y = W0 x + B_hat A_hat x`` with ``A_hat^T = alpha @ E_a + P_a @ Q_a`` and ``B_hat = beta @ E_b + (P_b @ Q_b)^T``:
the base layer and the basis (``alpha``, ``beta``) are frozen buffers; the coefficients ``E_a``, ``E_b`` and the
optional temporary directions (width ``phi``) are the only parameters. As in the official code there is
no ``lora_alpha / r`` scaling in the forward pass, so `factors` has scale 1.
"""

from __future__ import annotations

import torch
from torch import nn

from sleepy_subspace.basis import LayerBasis, LayerCoefficients
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors


def fresh_coefficients(k: int, rank: int, *, seed: int, zero_delta: bool = True,
                       dtype: torch.dtype = torch.float32) -> LayerCoefficients:
    """Coefficients of a new skill, uniform(-0.5, 0.5) as in the official code.

    `zero_delta`: ``E_b`` starts at zero, so the update is zero at step 0 while ``E_a`` (non-zero) still
    gives ``E_b`` a gradient: both sides at zero would be a saddle with zero gradients. The official code
    draws both sides (``zero_delta=False``), which changes the model before any training.
    """
    generator = torch.Generator().manual_seed(seed)
    e_a = torch.rand(k, rank, generator=generator, dtype=torch.float64) - 0.5
    e_b = torch.zeros(k, rank, dtype=torch.float64) if zero_delta else \
        torch.rand(k, rank, generator=generator, dtype=torch.float64) - 0.5
    return LayerCoefficients(e_a.to(dtype), e_b.to(dtype))


class SubspaceLinear(nn.Module):
    """`base` plus a skill in `basis`: only the coefficients (and temporary directions) train."""

    alpha: torch.Tensor
    beta: torch.Tensor

    def __init__(self, base: nn.Linear, basis: LayerBasis, coefficients: LayerCoefficients, *, temporary: int = 0,
                 seed: int = 0, zero_delta: bool = True) -> None:
        super().__init__()
        if (base.in_features, base.out_features) != (basis.in_features, basis.out_features):
            raise SubspaceError(f"basis of a {basis.in_features}->{basis.out_features} layer given to a "
                                f"{base.in_features}->{base.out_features} linear layer")
        if coefficients.e_a.shape[0] != basis.a.k or coefficients.e_b.shape[0] != basis.b.k:
            raise SubspaceError(f"coefficients with {coefficients.e_a.shape[0]} (A) and {coefficients.e_b.shape[0]} "
                                f"(B) rows do not fit a basis of k = {basis.a.k} (A) and {basis.b.k} (B)")
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad_(False)
        dtype, device = base.weight.dtype, base.weight.device
        # Buffers, not parameters: no optimizer given `parameters()` can ever move the basis.
        self.register_buffer("alpha", basis.a.vectors.detach().to(device, dtype).clone())
        self.register_buffer("beta", basis.b.vectors.detach().to(device, dtype).clone())
        self.e_a = nn.Parameter(coefficients.e_a.detach().to(device, dtype).clone())
        self.e_b = nn.Parameter(coefficients.e_b.detach().to(device, dtype).clone())
        self.temporary = temporary
        if temporary:
            rank, generator = coefficients.rank, torch.Generator().manual_seed(seed)

            def draw(rows: int, columns: int) -> nn.Parameter:
                values = torch.rand(rows, columns, generator=generator, dtype=torch.float64) - 0.5
                return nn.Parameter(values.to(device, dtype))

            self.p_a, self.q_a = draw(base.in_features, temporary), draw(temporary, rank)
            self.p_b, self.q_b = draw(rank, temporary), draw(temporary, base.out_features)
            if zero_delta:  # keep the update zero at step 0; p_b (non-zero) still gives q_b a gradient
                with torch.no_grad():
                    self.q_b.zero_()

    def a_transposed(self) -> torch.Tensor:
        """``A_hat^T`` (``d x r``)."""
        a_t = self.alpha @ self.e_a
        return a_t + self.p_a @ self.q_a if self.temporary else a_t

    def b(self) -> torch.Tensor:
        """``B_hat`` (``n x r``)."""
        b = self.beta @ self.e_b
        return b + (self.p_b @ self.q_b).T if self.temporary else b

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        low = x @ self.a_transposed()
        return self.base(x) + low @ self.b().T  # type: ignore[no-any-return]

    def factors(self) -> LoraFactors:
        """The skill's full update (temporary directions included), detached: what `merge` folds in."""
        with torch.no_grad():
            return LoraFactors(self.a_transposed().T.clone(), self.b().clone(), 1.0)

    def coefficients(self) -> LayerCoefficients:
        """The coefficients alone (without the temporary directions), detached."""
        return LayerCoefficients(self.e_a.detach().clone(), self.e_b.detach().clone())
