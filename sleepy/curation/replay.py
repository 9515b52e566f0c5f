"""Replay: a share of earlier training sets mixed back into a new one, against forgetting."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sleepy.curation.examples import TrainingExample


def replay_sample(earlier: Sequence[Sequence[TrainingExample]], fraction: float, seed: int) -> list[TrainingExample]:
    """From each earlier dataset, max(1, int(size * fraction)) of its examples drawn at random under `seed`.

    A dataset's file is sorted by source and task, so its first examples would always be the same
    few tasks of one source.
    """
    rng = random.Random(seed)
    sample: list[TrainingExample] = []
    for examples in earlier:
        if examples:
            sample += rng.sample(list(examples), max(1, int(len(examples) * fraction)))
    return sample
