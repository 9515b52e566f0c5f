from __future__ import annotations

import itertools

import pytest
import torch
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.olora import LAMBDA1, OrthogonalityPenalty, concatenate, overlap_penalty, subspace_overlap
from subspace_randoms import F64, generator, random_lora

D, N, R = 32, 20, 4


def test_the_penalty_is_lambda1_times_the_l1_norm_of_the_overlap_summed_over_layers():
    g = generator(1)
    previous = {"q": [torch.randn(R, D, generator=g, dtype=F64), torch.randn(2, D, generator=g, dtype=F64)],
                "v": [torch.randn(R, D, generator=g, dtype=F64)]}
    new = {"q": torch.randn(R, D, generator=g, dtype=F64), "v": torch.randn(R, D, generator=g, dtype=F64),
           "o": torch.randn(R, D, generator=g, dtype=F64)}  # no earlier adapter touched o: no term
    by_hand = sum(float((torch.cat(previous[n]) @ new[n].T).abs().sum()) for n in ("q", "v"))
    assert LAMBDA1 == 0.5
    assert float(OrthogonalityPenalty(previous)(new)) == pytest.approx(0.5 * by_hand, rel=1e-12)
    assert float(OrthogonalityPenalty(previous, lambda1=2.0)(new)) == pytest.approx(2.0 * by_hand, rel=1e-12)


def test_the_penalty_is_zero_on_the_first_sleep():
    new = {"q": torch.randn(R, D, dtype=F64)}
    assert float(OrthogonalityPenalty({})(new)) == 0.0


def test_lambda2_adds_the_l2_norms_of_the_new_factors():
    g = generator(2)
    a, b = torch.randn(R, D, generator=g, dtype=F64), torch.randn(N, R, generator=g, dtype=F64)
    penalty = OrthogonalityPenalty({}, lambda2=0.1)({"q": a}, {"q": b})
    assert float(penalty) == pytest.approx(0.1 * (float(a.norm()) + float(b.norm())), rel=1e-12)


def test_gradient_steps_on_the_penalty_lower_the_overlap_with_earlier_a_matrices():
    g = generator(3)
    previous = [torch.randn(R, D, generator=g, dtype=F64) for _ in range(2)]
    new = torch.nn.Parameter(torch.randn(R, D, generator=g, dtype=F64))
    rows = torch.cat(previous)
    q = torch.linalg.qr(rows.T).Q
    outside_before = new.detach() - (new.detach() @ q) @ q.T
    penalty_module = OrthogonalityPenalty({"layer.q_proj": previous})
    optimizer = torch.optim.SGD([new], lr=1e-2)
    overlaps, penalties = [subspace_overlap(rows, new)], []
    for _ in range(10):
        optimizer.zero_grad()
        penalty = penalty_module({"layer.q_proj": new})
        penalty.backward()
        optimizer.step()
        penalties.append(penalty.item())
        overlaps.append(subspace_overlap(rows, new))
    assert overlaps[0] > 0.1
    assert all(later < earlier for earlier, later in itertools.pairwise(overlaps))
    assert overlaps[-1] < 0.8 * overlaps[0]
    assert penalties[-1] < penalties[0]
    # the gradient lies in the earlier rows' span: what the new A does elsewhere is left alone
    assert torch.allclose(new.detach() - (new.detach() @ q) @ q.T, outside_before, atol=1e-12)


def test_subspace_overlap_is_scale_free_and_spans_zero_to_one():
    g = generator(4)
    rows = torch.randn(R, D, generator=g, dtype=F64)
    inside = torch.randn(2, R, generator=g, dtype=F64) @ rows
    q = torch.linalg.qr(rows.T).Q
    candidate = torch.randn(R, D, generator=g, dtype=F64)
    outside = candidate - (candidate @ q) @ q.T
    assert subspace_overlap(rows, inside) == pytest.approx(1.0, abs=1e-12)
    assert subspace_overlap(rows, outside) == pytest.approx(0.0, abs=1e-12)
    assert subspace_overlap(rows, candidate) == pytest.approx(subspace_overlap(rows, 10 * candidate), rel=1e-12)


def test_concatenated_adapters_apply_the_sum_of_their_updates():
    g = generator(5)
    loras = [random_lora(D, N, R, g, scale=s) for s in (0.5, 2.0, 8.0)]
    joined = concatenate(loras)
    assert (joined.rank, joined.scale) == (3 * R, 1.0)
    assert torch.allclose(joined.delta(), sum(lora.delta() for lora in loras), atol=1e-12)


def test_mismatched_overlap_shapes_are_refused():
    with pytest.raises(SubspaceError, match=r"earlier A rows \[4, 32\] and new A \[4, 31\]"):
        overlap_penalty(torch.zeros(R, D), torch.zeros(R, D - 1))


def test_the_penalty_needs_the_new_adapter():
    with pytest.raises(SubspaceError, match="got no layer"):
        OrthogonalityPenalty({})({})
