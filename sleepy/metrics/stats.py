"""Small statistics with no dependencies: Wilson intervals, the exact McNemar test and paired tables."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TypeVar

from attrs import frozen

K = TypeVar("K", bound=Hashable)

Z95 = 1.959963984540054


@frozen
class Rate:
    """k successes out of n, with a 95% Wilson score interval."""

    k: int
    n: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else float("nan")

    def __str__(self) -> str:
        if not self.n:
            return "n/a (n=0)"
        return f"{self.value:.1%} ({self.k}/{self.n}, 95% CI {self.low:.1%}-{self.high:.1%})"


def wilson(k: int, n: int, z: float = Z95) -> Rate:
    """Wilson score interval: sensible at small n and at 0% or 100%, unlike the normal approximation."""
    if n == 0:
        return Rate(0, 0, float("nan"), float("nan"))
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Rate(k, n, low, high)


def mcnemar_exact(fixed: int, broken: int) -> float:
    """Two-sided exact McNemar p-value from the discordant pairs (binomial test at p = 1/2)."""
    n = fixed + broken
    if n == 0:
        return 1.0
    k = min(fixed, broken)
    tail = math.ldexp(sum(math.comb(n, i) for i in range(k + 1)), -n)
    return min(1.0, 2 * tail)


@frozen
class Paired:
    """Two arms on the same items (task, seed): discordant counts and the exact McNemar p-value."""

    fixed: int  # the arm passes, the reference fails
    broken: int  # the reference passes, the arm fails
    both_pass: int
    both_fail: int
    p: float

    @property
    def n(self) -> int:
        return self.fixed + self.broken + self.both_pass + self.both_fail


def paired(arm: Mapping[K, bool], reference: Mapping[K, bool]) -> Paired:
    """Pair two outcome tables on the items both measured; items only one of them has are left out."""
    common = arm.keys() & reference.keys()
    fixed = sum(1 for key in common if arm[key] and not reference[key])
    broken = sum(1 for key in common if reference[key] and not arm[key])
    both_pass = sum(1 for key in common if arm[key] and reference[key])
    return Paired(fixed, broken, both_pass, len(common) - fixed - broken - both_pass, mcnemar_exact(fixed, broken))
