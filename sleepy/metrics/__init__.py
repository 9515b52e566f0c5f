"""Metrics computed from the episode store (defined in docs/metrics.md)."""

from sleepy.metrics.stats import Rate, mcnemar_exact, wilson

__all__ = ["Rate", "mcnemar_exact", "wilson"]
