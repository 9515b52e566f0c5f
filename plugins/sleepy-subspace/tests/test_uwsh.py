from __future__ import annotations

import pytest
import torch
from sleepy_subspace import basis as share
from sleepy_subspace import uwsh
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors
from subspace_randoms import F64, generator, gram, lora_in_subspace, orthonormal, random_lora

D, N, R = 24, 18, 3


@pytest.mark.parametrize(("threshold", "expected"), [(0.5, 1), (0.64, 1), (0.65, 2), (0.9, 2), (0.93, 3), (1.0, 3)])
def test_the_threshold_picks_the_fewest_directions_reaching_it(threshold, expected):
    # variances 9, 4, 1 of 14: cumulative 0.643, 0.929, 1.0
    assert uwsh.components_for(torch.tensor([3.0, 2.0, 1.0]), threshold) == expected


def test_a_threshold_outside_zero_one_is_refused():
    with pytest.raises(SubspaceError, match=r"threshold 1.5: expected a number in \(0, 1\]"):
        uwsh.components_for(torch.tensor([1.0]), 1.5)


def test_the_basis_is_orthonormal_and_covers_the_shared_directions():
    g = generator(1)
    alpha, beta = orthonormal(D, 4, g), orthonormal(N, 4, g)
    loras = [lora_in_subspace(alpha, beta, R, g, noise=1e-4) for _ in range(6)]
    basis = uwsh.fit_layer(loras, threshold=0.99)
    for fitted, true in ((basis.a, alpha), (basis.b, beta)):
        assert fitted.k == 4 and fitted.informative == 4
        assert torch.allclose(gram(fitted.vectors), torch.eye(4, dtype=F64), atol=1e-12)
        assert torch.linalg.svdvals(fitted.vectors.T @ true).min() > 1 - 1e-6


def test_gram_schmidt_directions_are_appended_orthonormal_and_seeded():
    g = generator(2)
    loras = [random_lora(D, N, R, g) for _ in range(4)]
    basis = uwsh.fit_layer(loras, k=5, gram_schmidt=6, seed=3)
    again = uwsh.fit_layer(loras, k=5, gram_schmidt=6, seed=3)
    fitted_only = uwsh.fit_layer(loras, k=5)
    assert (basis.a.k, basis.a.informative) == (11, 5)
    assert torch.allclose(gram(basis.a.vectors), torch.eye(11, dtype=F64), atol=1e-12)
    assert torch.equal(basis.a.vectors[:, :5], fitted_only.a.vectors)
    assert torch.equal(basis.a.vectors, again.a.vectors)


def test_uwsh_centres_element_wise_so_a_component_all_adapters_share_does_not_move_its_basis():
    # Where UWSH differs from Share: the across-adapter mean matrix is removed, so adding the same
    # matrix to every adapter's A leaves UWSH's A basis alone; Share's per-row centring keeps part of it.
    g = generator(3)
    loras = [random_lora(D, N, R, g) for _ in range(5)]
    common = 3 * torch.randn(R, D, generator=g, dtype=F64)
    shifted = [LoraFactors(lora.a + common, lora.b, lora.scale) for lora in loras]

    def angle_cosines(first, second):
        return torch.linalg.svdvals(first.a.vectors.T @ second.a.vectors)

    assert angle_cosines(uwsh.fit_layer(loras, k=6), uwsh.fit_layer(shifted, k=6)).min() > 1 - 1e-9
    assert angle_cosines(share.fit_layer(loras, 6), share.fit_layer(shifted, 6)).min() < 0.9


def test_uwsh_needs_a_set_of_equally_shaped_adapters():
    g = generator(4)
    with pytest.raises(SubspaceError, match="got 1, expected at least 2"):
        uwsh.fit_layer([random_lora(D, N, R, g)])
    with pytest.raises(SubspaceError, match=r"must share one shape; got \[\(24, 2\), \(24, 3\)\]"):
        uwsh.fit_layer([random_lora(D, N, R, g), random_lora(D, N, 2, g)])


def test_a_uwsh_basis_with_a_different_k_per_side_can_be_merged_into():
    # the explained-variance threshold picks k per side; Share's merge must keep each side's k
    g = generator(5)
    alpha, beta = orthonormal(D, 5, g), orthonormal(N, 2, g)
    loras = [lora_in_subspace(alpha, beta, R, g) for _ in range(4)]
    basis = uwsh.fit_layer(loras, threshold=0.999)
    assert (basis.a.k, basis.b.k) == (5, 2)
    coefficients, _ = share.project_all(basis, loras)
    merged = share.merge(basis, coefficients, lora_in_subspace(alpha, beta, R, g))
    assert (merged.basis.a.k, merged.basis.b.k) == (5, 2)


def test_more_random_directions_than_the_side_has_are_refused():
    g = generator(6)
    with pytest.raises(SubspaceError, match=r"gram_schmidt = 18 .* expected 0 <= gram_schmidt < 18"):
        uwsh.fit_layer([random_lora(D, N, R, g), random_lora(D, N, R, g)], k=2, gram_schmidt=18)
