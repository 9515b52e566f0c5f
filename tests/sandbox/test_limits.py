"""Limits are validated values with measured defaults."""

from __future__ import annotations

import pytest

from sleepy.sandbox import COMPILE_LIMITS, Limits, ProcessLimits
from sleepy.sandbox.limits import GIB, MIB


def test_defaults() -> None:
    limits = Limits()
    assert limits.run == ProcessLimits()
    assert limits.compile == COMPILE_LIMITS
    # The compiler needs far more address space than a test program (see limits.py).
    assert limits.compile.memory_bytes >= 2 * GIB > limits.run.memory_bytes >= 256 * MIB
    assert limits.output_bytes >= 16 * 1024


@pytest.mark.parametrize(
    "kwargs",
    [{"wall_seconds": 0}, {"wall_seconds": -1.0}, {"cpu_seconds": 0}, {"memory_bytes": 1024},
     {"file_bytes": 10}, {"processes": 1}],
)
def test_process_limits_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ProcessLimits(**kwargs)  # type: ignore[arg-type]


def test_output_limit_is_validated() -> None:
    with pytest.raises(ValueError):
        Limits(output_bytes=10)


def test_limits_are_frozen() -> None:
    limits = Limits()
    with pytest.raises(AttributeError):
        limits.output_bytes = 5  # type: ignore[misc]
