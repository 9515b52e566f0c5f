from __future__ import annotations

import pytest
import torch
from sleepy_subspace.basis import LayerCoefficients, fit_layer, fit_side, merge, project_all
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import LoraFactors, relative_error
from subspace_randoms import F64, generator, gram, lora_in_subspace, orthonormal, random_lora

D, N, R = 24, 18, 3  # in features, out features, LoRA rank


@pytest.mark.parametrize(("k", "dtype", "tolerance"), [(4, F64, 1e-12), (9, F64, 1e-12), (16, F64, 1e-12),
                                                       (9, torch.float32, 1e-5)])
def test_the_basis_is_orthonormal(k, dtype, tolerance):
    g = generator(1)
    loras = [random_lora(D, N, R, g, dtype=dtype) for _ in range(3)]  # 9 columns per side: k = 16 tops up
    basis = fit_layer(loras, k)
    for side in (basis.a, basis.b):
        assert side.vectors.dtype == dtype and side.k == k
        assert torch.allclose(gram(side.vectors).to(F64), torch.eye(k, dtype=F64), atol=tolerance)


def test_a_basis_needing_more_directions_than_the_adapters_have_says_how_many_are_informative():
    g = generator(2)
    basis = fit_layer([random_lora(D, N, R, g) for _ in range(2)], 10)  # 6 columns per side
    assert (basis.a.informative, basis.b.informative) == (6, 6)  # 5 centred directions + the mean's
    assert torch.allclose(gram(basis.a.vectors), torch.eye(10, dtype=F64), atol=1e-12)


def test_adapters_are_reconstructed_exactly_when_k_covers_their_span():
    g = generator(3)
    loras = [random_lora(D, N, R, g, scale=s) for s in (0.5, 2.0, 4.0)]  # scales differ: folded into B
    basis = fit_layer(loras, 3 * R)  # the span of 9 columns; centring alone leaves only 8 directions
    _, errors = project_all(basis, loras)
    assert max(errors) < 1e-12


def test_a_basis_smaller_than_the_span_loses_what_lies_outside_it():
    g = generator(4)
    loras = [random_lora(D, N, R, g) for _ in range(3)]
    _, errors = project_all(fit_layer(loras, 5), loras)
    assert min(errors) > 0.05  # random adapters have no shared structure to keep


def test_projection_is_the_least_squares_inverse_of_reconstruction():
    g = generator(5)
    basis = fit_layer([random_lora(D, N, R, g) for _ in range(3)], 7)
    coefficients = LayerCoefficients(torch.randn(7, 2, generator=g, dtype=F64), torch.randn(7, 2, generator=g,
                                                                                            dtype=F64))
    again = basis.project(basis.reconstruct(coefficients))
    assert torch.allclose(again.e_a, coefficients.e_a, atol=1e-12)
    assert torch.allclose(again.e_b, coefficients.e_b, atol=1e-12)


def test_the_fitted_basis_keeps_the_directions_adapters_share():
    g = generator(6)
    alpha, beta = orthonormal(D, 4, g), orthonormal(N, 4, g)
    loras = [lora_in_subspace(alpha, beta, R, g, noise=1e-3) for _ in range(5)]
    basis = fit_layer(loras, 4)
    # the principal angles between the fitted and the true subspace are ~0: all singular values ~1
    for fitted, true in ((basis.a.vectors, alpha), (basis.b.vectors, beta)):
        assert torch.linalg.svdvals(fitted.T @ true).min() > 1 - 1e-4
    assert basis.a.explained_variance > 0.999


def test_fitting_is_deterministic_and_the_seed_only_moves_the_random_top_up():
    g = generator(7)
    loras = [random_lora(D, N, R, g) for _ in range(2)]
    first, again, other = fit_layer(loras, 10, seed=1), fit_layer(loras, 10, seed=1), fit_layer(loras, 10, seed=2)
    assert torch.equal(first.a.vectors, again.a.vectors)
    assert torch.equal(first.a.vectors[:, :6], other.a.vectors[:, :6])
    assert not torch.allclose(first.a.vectors[:, 6:], other.a.vectors[:, 6:])


# --- merge ------------------------------------------------------------------------------------------------------


def test_a_merge_reconstructs_every_earlier_skill_exactly_when_k_covers_their_span():
    g = generator(10)
    earlier = [random_lora(D, N, R, g, scale=2.0) for _ in range(3)]
    basis = fit_layer(earlier, 4 * R)
    coefficients, _ = project_all(basis, earlier)
    new = random_lora(D, N, R, g)  # outside the old basis: only a merge can take it in
    assert project_all(basis, [new])[1][0] > 0.1

    merged = merge(basis, coefficients, new)

    assert len(merged.coefficients) == 4 and max(merged.errors) < 1e-12
    for lora, c in zip([*earlier, new], merged.coefficients, strict=True):
        assert relative_error(merged.basis.reconstruct(c).delta(), lora.delta()) < 1e-12


def test_a_merge_keeps_earlier_skills_within_the_stated_tolerance_when_skills_share_a_subspace():
    # Stated tolerance: skills built from 4 shared directions per side plus 1e-3 relative noise are each
    # reconstructed within 1e-2 after a merge with k = 4 (the noise is what a k = 4 basis cannot hold).
    g = generator(11)
    alpha, beta = orthonormal(D, 4, g), orthonormal(N, 4, g)
    earlier = [lora_in_subspace(alpha, beta, R, g, noise=1e-3) for _ in range(4)]
    basis = fit_layer(earlier, 4)
    coefficients, _ = project_all(basis, earlier)

    merged = merge(basis, coefficients, lora_in_subspace(alpha, beta, R, g, noise=1e-3))

    assert max(merged.errors) < 1e-2
    for lora, c in zip(earlier, merged.coefficients[:4], strict=True):
        assert relative_error(merged.basis.reconstruct(c).delta(), lora.delta()) < 1e-2


def test_merge_reports_each_skills_error_against_its_update_before_the_merge():
    g = generator(12)
    earlier = [random_lora(D, N, R, g) for _ in range(3)]
    basis = fit_layer(earlier, 8)
    coefficients, _ = project_all(basis, earlier)
    new = random_lora(D, N, R, g)

    merged = merge(basis, coefficients, new, k=6)  # k shrinks: every skill loses something

    before = [basis.reconstruct(c).delta() for c in coefficients] + [new.delta()]
    expected = [relative_error(merged.basis.reconstruct(c).delta(), b) for c, b in zip(merged.coefficients, before,
                                                                                      strict=True)]
    assert merged.basis.a.k == merged.basis.b.k == 6
    assert list(merged.errors) == pytest.approx(expected, rel=1e-9)
    assert min(merged.errors) > 0.01


def test_merge_refits_from_reconstructions_so_the_old_adapters_are_not_needed():
    g = generator(13)
    earlier = [random_lora(D, N, R, g) for _ in range(3)]
    basis = fit_layer(earlier, 5)  # lossy: the stored skill is its reconstruction, not the adapter
    coefficients, _ = project_all(basis, earlier)
    merged = merge(basis, coefficients, random_lora(D, N, R, g), k=12)
    for c_before, c_after in zip(coefficients, merged.coefficients[:3], strict=True):
        assert relative_error(merged.basis.reconstruct(c_after).delta(), basis.reconstruct(c_before).delta()) < 1e-12


# --- bad input --------------------------------------------------------------------------------------------------


def test_k_larger_than_the_side_is_refused_in_one_line():
    g = generator(20)
    with pytest.raises(SubspaceError) as info:
        fit_layer([random_lora(D, N, R, g)], N + 1)
    assert str(info.value) == f"k = {N + 1} directions do not fit a side of dimension {N}: expected 1 <= k <= {N}"


def test_adapters_of_different_layers_are_refused():
    g = generator(21)
    with pytest.raises(SubspaceError, match=r"in->out features \[\(16, 18\), \(24, 18\)\]: expected one shape"):
        fit_layer([random_lora(D, N, R, g), random_lora(16, N, R, g)], 3)


def test_mismatched_factors_are_refused():
    with pytest.raises(SubspaceError, match=r"A is \[3, 5\] and B is \[4, 2\]; expected B's columns"):
        LoraFactors(torch.zeros(3, 5), torch.zeros(4, 2))
    with pytest.raises(SubspaceError, match="expected 2 rows"):
        fit_side([torch.zeros(2, 1)], 1).project(torch.zeros(3, 1))


@pytest.mark.parametrize("seed", range(4))
def test_rank_deficient_adapters_get_an_orthonormal_basis_that_still_reconstructs_them(seed):
    # 9 columns spanning 4 directions (up to 1e-13, the residue float64 arithmetic such as an earlier
    # merge leaves): the mean lies inside the centred directions, so what is left after them is noise
    # and must be neither counted as a direction nor used as one
    g = generator(100 + seed)
    alpha, beta = orthonormal(D, 4, g), orthonormal(N, 4, g)
    loras = [lora_in_subspace(alpha, beta, R, g, noise=1e-13) for _ in range(3)]
    basis = fit_layer(loras, 8)
    for side in (basis.a, basis.b):
        assert side.informative == 4
        assert torch.allclose(gram(side.vectors), torch.eye(8, dtype=F64), atol=1e-12)
    assert max(project_all(basis, loras)[1]) < 1e-12


def test_a_merge_keeps_each_sides_own_number_of_directions():
    g = generator(14)
    earlier = [random_lora(D, N, R, g) for _ in range(3)]
    basis = fit_layer(earlier, 7, k_b=5)
    coefficients, _ = project_all(basis, earlier)
    merged = merge(basis, coefficients, random_lora(D, N, R, g))
    assert (merged.basis.a.k, merged.basis.b.k) == (7, 5)
    assert [tuple(c.e_b.shape) for c in merged.coefficients] == [(5, R)] * 4
