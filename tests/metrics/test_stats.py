from __future__ import annotations

import math

import pytest

from sleepy.metrics import mcnemar_exact, wilson


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
