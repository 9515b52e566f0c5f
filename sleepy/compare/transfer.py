"""Forgetting and plasticity of one arm, from the per-cycle outcomes `measure` already read (nothing is rerun).

An item is (split, seed, task) of every evaluated split. A task is *newly fixed* at cycle c when the model
cycle c started with (the model cycle c - 1 ended with; before cycle 0, the model cycle 0's gate measured as
current, the base model unless the run started from an adapter) failed it and the model cycle c ended with
passed it; only items both models were measured on count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

Outcomes = Mapping[str, Mapping[Any, bool]]  # split -> item -> passed
TransferItem = tuple[str, Any]  # (split, (seed, task))


@frozen
class CycleTransfer:
    """Plasticity (what cycle `cycle` newly fixed) and backward transfer (how much of what earlier cycles newly
    fixed the model it ended with still passes)."""

    cycle: int
    newly_fixed: int  # items the cycle's model passes that the model it started with failed
    failed_before: int  # items the model it started with failed (measured under both models)
    kept: int  # of the items newly fixed at an earlier cycle, those this cycle's model passes
    earlier_fixed: int  # items newly fixed at an earlier cycle that this cycle's model was measured on


def _flat(outcomes: Outcomes) -> dict[TransferItem, bool]:
    return {(split, item): passed for split, items in outcomes.items() for item, passed in items.items()}


def transfer(start: Outcomes, cycles: Sequence[Outcomes]) -> list[CycleTransfer]:
    """One record per cycle: `start` is the model before cycle 0, `cycles[c]` the model cycle c ended with."""
    before = _flat(start)
    fixed_earlier: set[TransferItem] = set()
    out = []
    for index, outcomes in enumerate(cycles):
        after = _flat(outcomes)
        failed = {item for item, passed in before.items() if not passed and item in after}
        fixed = {item for item in failed if after[item]}
        measured = fixed_earlier & after.keys()
        out.append(CycleTransfer(index, len(fixed), len(failed), sum(after[i] for i in measured), len(measured)))
        fixed_earlier |= fixed
        before = after
    return out
