from __future__ import annotations

import pytest
import torch
from sleepy_subspace.basis import fit_layer
from sleepy_subspace.controls import mean_adapter, random_basis, random_layer_basis
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from subspace_randoms import F64, generator, gram, random_lora

D, N, R = 24, 18, 3


def test_the_mean_adapter_applies_the_mean_of_the_earlier_updates():
    g = generator(1)
    loras = [random_lora(D, N, R, g, scale=s) for s in (0.5, 1.0, 4.0, 2.0)]
    mean = mean_adapter(loras)
    expected = sum(lora.delta() for lora in loras) / 4
    assert torch.allclose(mean.delta(), expected, atol=1e-12)
    assert mean.rank == 4 * R


def test_a_mean_adapter_of_lower_rank_is_the_best_approximation_of_that_rank():
    g = generator(2)
    loras = [random_lora(D, N, R, g) for _ in range(3)]
    expected = sum(lora.delta() for lora in loras) / 3
    singular = torch.linalg.svdvals(expected)
    assert relative_error(mean_adapter(loras, rank=3 * R).delta(), expected) < 1e-12  # the mean has rank 9
    truncated = mean_adapter(loras, rank=4)
    assert truncated.rank == 4
    # Eckart-Young: the error of the best rank-4 approximation is the norm of the other singular values
    error = torch.linalg.matrix_norm(truncated.delta() - expected)
    assert float(error) == pytest.approx(float(singular[4:].norm()), rel=1e-9)


def test_the_mean_adapter_needs_earlier_adapters():
    with pytest.raises(SubspaceError, match="needs at least one earlier adapter"):
        mean_adapter([])


@pytest.mark.parametrize("dtype", [F64, torch.float32])
def test_a_random_basis_is_orthonormal_and_seeded(dtype):
    first, again, other = (random_basis(D, 7, seed=s, dtype=dtype) for s in (5, 5, 6))
    tolerance = 1e-12 if dtype == F64 else 1e-6
    assert first.vectors.shape == (D, 7) and first.vectors.dtype == dtype and first.informative == 0
    assert torch.allclose(gram(first.vectors).to(F64), torch.eye(7, dtype=F64), atol=tolerance)
    assert torch.equal(first.vectors, again.vectors)
    assert not torch.allclose(first.vectors, other.vectors)


def test_a_random_layer_basis_matches_a_fitted_one_in_shape_and_k_but_not_in_directions():
    g = generator(7)
    fitted = fit_layer([random_lora(D, N, R, g) for _ in range(3)], 5)
    control = random_layer_basis(fitted, seed=0)
    for side, like in ((control.a, fitted.a), (control.b, fitted.b)):
        assert side.vectors.shape == like.vectors.shape
        assert torch.allclose(gram(side.vectors), torch.eye(5, dtype=F64), atol=1e-12)
        assert torch.linalg.svdvals(side.vectors.T @ like.vectors).max() < 0.99


def test_a_random_basis_larger_than_its_side_is_refused():
    with pytest.raises(SubspaceError, match=r"k = 25 directions do not fit dimension 24: expected 1 <= k <= 24"):
        random_basis(D, D + 1, seed=0)
