"""O-LoRA (arXiv 2310.14152; docs: METHODS.md section 3): a new LoRA per sleep whose A rows are pushed
orthogonal to every earlier adapter's A rows; adapters are summed (concatenated) at inference.

``penalty = lambda1 * sum_layers sum_ij |(A_prev @ A_new^T)_ij|  +  lambda2 * sum_params |p|_2`` with the
official defaults lambda1 = 0.5, lambda2 = 0. The L1 term is unnormalised, so it grows with the number
and scale of earlier adapters (the authors raised lambda1 tenfold for late tasks). With no earlier
adapter the penalty is zero: it is inactive on the first sleep. Not PEFT's ``init_lora_weights="olora"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
from torch import nn

from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors

LAMBDA1 = 0.5
LAMBDA2 = 0.0


def overlap_penalty(previous: torch.Tensor, new: torch.Tensor) -> torch.Tensor:
    """``sum |previous @ new^T|`` for ``r_prev x d`` earlier A rows and an ``r x d`` new A (differentiable)."""
    if previous.dim() != 2 or new.dim() != 2 or previous.shape[1] != new.shape[1]:
        raise SubspaceError(f"O-LoRA overlap: earlier A rows {list(previous.shape)} and new A {list(new.shape)} "
                            "must both be 2-D with the same number of columns (in features)")
    return (previous.to(new.dtype) @ new.T).abs().sum()


def subspace_overlap(previous: torch.Tensor, new: torch.Tensor) -> float:
    """Share of the new A rows' energy inside the span of the earlier A rows (0: orthogonal, 1: inside).

    Scale-free, unlike the penalty: shrinking A lowers the penalty but not this.
    """
    with torch.no_grad():
        rows = previous.to(torch.float64)
        q, r = torch.linalg.qr(rows.T)  # columns of q span the earlier rows
        keep = torch.diagonal(r).abs() > max(rows.shape) * torch.finfo(torch.float64).eps * float(rows.abs().max())
        q = q[:, keep]
        candidate = new.detach().to(torch.float64)
        total = float((candidate ** 2).sum())
        return float(((candidate @ q) ** 2).sum()) / total if total > 0 else 0.0


class OrthogonalityPenalty(nn.Module):
    """O-LoRA's regulariser for one sleep: earlier adapters' A matrices per layer, frozen as buffers.

    ``penalty(new_a, new_b)`` takes the new adapter's A (and, for lambda2, B) per layer name; layers no
    earlier adapter touched contribute nothing.
    """

    def __init__(self, previous: Mapping[str, Sequence[torch.Tensor]], *, lambda1: float = LAMBDA1,
                 lambda2: float = LAMBDA2) -> None:
        super().__init__()
        self.lambda1, self.lambda2 = lambda1, lambda2
        self.layers: dict[str, str] = {}
        for index, (name, matrices) in enumerate(sorted(previous.items())):
            if matrices:
                buffer = f"previous_{index}"  # buffer names may not contain dots; layer names do
                self.register_buffer(buffer, torch.cat([m.detach() for m in matrices], dim=0).clone())
                self.layers[name] = buffer

    def forward(self, new_a: Mapping[str, torch.Tensor],
                new_b: Mapping[str, torch.Tensor] | None = None) -> torch.Tensor:
        if not new_a:
            raise SubspaceError("the O-LoRA penalty needs the new adapter's A matrices; got no layer")
        terms = [overlap_penalty(getattr(self, self.layers[name]), a) for name, a in sorted(new_a.items())
                 if name in self.layers]
        first = next(iter(new_a.values()))
        total = self.lambda1 * torch.stack(terms).sum() if terms else first.new_zeros(())
        if self.lambda2:
            norms = [torch.linalg.matrix_norm(p) for p in [*new_a.values(), *(new_b or {}).values()]]
            total = total + self.lambda2 * torch.stack(norms).sum()
        return total


def concatenate(loras: Sequence[LoraFactors]) -> LoraFactors:
    """One LoRA whose update is the sum of `loras`' (rank = the sum of ranks, scales folded, scale 1).

    How O-LoRA stacks adapters after each sleep, and PEFT's exact ``cat`` combination.
    """
    if not loras:
        raise SubspaceError("concatenating adapters needs at least one; got none")
    shapes = {(lora.in_features, lora.out_features) for lora in loras}
    if len(shapes) != 1:
        raise SubspaceError(f"adapters of one layer have in->out features {sorted(shapes)}: expected one shape")
    folded = [lora.folded() for lora in loras]
    return LoraFactors(torch.cat([f.a for f in folded], dim=0), torch.cat([f.b for f in folded], dim=1), 1.0)
