"""The one error this plugin raises: a one-line message naming what was wrong and what was expected."""

from __future__ import annotations

from sleepy import SleepyError


class SubspaceError(SleepyError):
    """Factors, bases or coefficients that do not fit together (shapes, ranks, layer names, k)."""
