from __future__ import annotations

import math

import pytest

from sleepy.metrics import mcnemar_exact, paired, wilson


def test_wilson_matches_known_values():
    rate = wilson(5, 16)  # statsmodels' proportion_confint(5, 16, method='wilson'): (0.14165, 0.55596)
    assert rate.value == pytest.approx(0.3125)
    assert (round(rate.low, 4), round(rate.high, 4)) == (0.1416, 0.556)


def test_wilson_edges():
    zero = wilson(0, 10)
    assert zero.low == 0.0 and 0.25 < zero.high < 0.35
    full = wilson(10, 10)
    assert full.high == 1.0 and 0.65 < full.low < 0.75
    assert math.isnan(wilson(0, 0).value) and str(wilson(0, 0)) == "n/a (n=0)"


def test_mcnemar_exact():
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(5, 5) == 1.0
    assert mcnemar_exact(6, 0) == pytest.approx(2 / 64)
    assert mcnemar_exact(10, 2) == pytest.approx(0.0386, abs=1e-4)
    assert mcnemar_exact(2, 10) == mcnemar_exact(10, 2)


def test_paired_counts_a_constructed_table_on_the_items_both_arms_measured():
    # 8 items: the arm fixes 6 the reference fails, breaks 1, both pass 1; item 9 only the arm measured.
    reference = {(0, f"t{i}"): i in (6, 7) for i in range(8)}
    arm = {(0, f"t{i}"): i in (0, 1, 2, 3, 4, 5, 7) for i in range(8)} | {(0, "t9"): True}
    table = paired(arm, reference)
    assert (table.fixed, table.broken, table.both_pass, table.both_fail, table.n) == (6, 1, 1, 0, 8)
    assert table.p == pytest.approx(2 * (1 + 7) / 2 ** 7)  # binomial(7, 1/2): P(X <= 1) * 2 = 0.125
    # Pooling seeds pairs (seed, task) with the same (seed, task): 8 fixed of 8 over two seeds.
    two_seeds = paired({(s, t): True for s in (0, 1) for t in "abcd"}, {(s, t): False for s in (0, 1) for t in "abcd"})
    assert (two_seeds.fixed, two_seeds.broken, two_seeds.p) == (8, 0, 2 / 256)
    assert paired({}, {}).p == 1.0 and paired({}, {}).n == 0
