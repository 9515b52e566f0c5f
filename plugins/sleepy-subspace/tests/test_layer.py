from __future__ import annotations

import pytest
import torch
from sleepy_subspace.basis import fit_layer, merge, project_all
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from sleepy_subspace.layer import SubspaceLinear, fresh_coefficients
from subspace_randoms import F64, generator, random_lora
from torch import nn

D, N, R, K = 20, 16, 4, 8


def setup(seed: int, *, temporary: int = 0, zero_delta: bool = True, dtype: torch.dtype = F64):
    g = generator(seed)
    torch.manual_seed(seed)
    base = nn.Linear(D, N).to(dtype)
    basis = fit_layer([random_lora(D, N, R, g, dtype=dtype) for _ in range(3)], K)
    coefficients = fresh_coefficients(K, R, seed=seed, zero_delta=zero_delta, dtype=dtype)
    return base, basis, SubspaceLinear(base, basis, coefficients, temporary=temporary, seed=seed,
                                       zero_delta=zero_delta)


def train(layer: nn.Module, steps: int, seed: int) -> list[float]:
    g = generator(seed)
    x = torch.randn(32, D, generator=g, dtype=F64).to(layer.base.weight.dtype)
    target = torch.randn(32, N, generator=g, dtype=F64).to(layer.base.weight.dtype)
    optimizer = torch.optim.AdamW([p for p in layer.parameters() if p.requires_grad], lr=1e-2, weight_decay=0.1)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(layer(x), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize("temporary", [0, 2])
def test_coefficient_only_training_leaves_the_basis_and_the_base_weights_bit_identical(temporary):
    base, basis, layer = setup(1, temporary=temporary, dtype=torch.float32)
    frozen = {name: t.detach().clone() for name, t in [("alpha", layer.alpha), ("beta", layer.beta),
                                                       ("weight", base.weight), ("bias", base.bias)]}
    start = layer.coefficients()

    losses = train(layer, 20, seed=2)

    assert losses[-1] < losses[0]
    assert not torch.equal(layer.e_a, start.e_a) and not torch.equal(layer.e_b, start.e_b)
    for name, tensor in [("alpha", layer.alpha), ("beta", layer.beta), ("weight", base.weight), ("bias", base.bias)]:
        assert torch.equal(tensor, frozen[name]), name
    assert torch.equal(basis.a.vectors, frozen["alpha"]) and torch.equal(basis.b.vectors, frozen["beta"])


def test_only_coefficients_and_temporary_directions_train():
    _, _, layer = setup(3, temporary=2)
    trainable = sorted(name for name, p in layer.named_parameters() if p.requires_grad)
    assert trainable == ["e_a", "e_b", "p_a", "p_b", "q_a", "q_b"]
    assert sorted(name for name, _ in layer.named_buffers()) == ["alpha", "beta"]


def test_the_forward_pass_adds_the_factors_update_to_the_base_output():
    base, _, layer = setup(4, temporary=2, zero_delta=False)
    x = torch.randn(5, 3, D, generator=generator(5), dtype=F64)
    expected = base(x) + x @ layer.factors().delta().T
    assert torch.allclose(layer(x), expected, atol=1e-12)
    assert relative_error(layer.factors().delta(), torch.zeros(N, D, dtype=F64)) > 0


@pytest.mark.parametrize("temporary", [0, 2])
def test_a_fresh_skill_starts_at_a_zero_update_but_not_at_a_saddle(temporary):
    base, _, layer = setup(6, temporary=temporary)
    x = torch.randn(7, D, generator=generator(7), dtype=F64)
    assert torch.equal(layer(x), base(x))
    layer(x).pow(2).sum().backward()
    assert layer.e_b.grad is not None and layer.e_b.grad.abs().max() > 0


def test_trained_coefficients_and_temporary_directions_fold_into_the_basis_exactly_when_k_covers_them():
    g = generator(8)
    earlier = [random_lora(D, N, R, g) for _ in range(2)]
    basis = fit_layer(earlier, 2 * R)
    coefficients, _ = project_all(basis, earlier)
    layer = SubspaceLinear(nn.Linear(D, N).to(F64), basis, coefficients[0], temporary=2, seed=8, zero_delta=False)
    train(layer, 10, seed=9)
    new = layer.factors()
    assert project_all(basis, [new])[1][0] > 1e-3  # the temporary directions left the old basis

    merged = merge(basis, coefficients, new, k=3 * R)

    assert max(merged.errors) < 1e-12
    assert relative_error(merged.basis.reconstruct(merged.coefficients[-1]).delta(), new.delta()) < 1e-12


def test_a_basis_for_another_layer_shape_is_refused():
    _, basis, _ = setup(10)
    with pytest.raises(SubspaceError, match=r"basis of a 20->16 layer given to a 20->17 linear layer"):
        SubspaceLinear(nn.Linear(D, N + 1), basis, fresh_coefficients(K, R, seed=0))
    with pytest.raises(SubspaceError, match=r"coefficients with 5 \(A\) and 5 \(B\) rows do not fit a basis of k = 8"):
        SubspaceLinear(nn.Linear(D, N), basis, fresh_coefficients(5, R, seed=0))
