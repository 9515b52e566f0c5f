"""The pass verdict: the guards that make it, and the one function every caller asks."""

from sleepy.verdict.guards import ALL_GUARDS, Guard
from sleepy.verdict.judge import judge

__all__ = ["ALL_GUARDS", "Guard", "judge"]
