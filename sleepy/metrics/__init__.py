"""Metrics computed from the episode store (defined in docs/metrics.md)."""

from sleepy.metrics.stats import Paired, Rate, mcnemar_exact, paired, wilson

__all__ = ["Paired", "Rate", "mcnemar_exact", "paired", "wilson"]
