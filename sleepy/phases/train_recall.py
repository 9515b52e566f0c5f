"""Which train tasks the gate re-checks for trained-on recall, and whether the day already measured the current model.

The gate evaluates the candidate on them (`sleepy.phases.gate`); what the figure means and how it is
said is `sleepy.train_recall`.
"""

from __future__ import annotations

import random
from collections.abc import Collection

from sleepy.config import derive_seed
from sleepy.phases.setup import PhaseContext
from sleepy.records import Task


def recall_tasks(ctx: PhaseContext, cycle: int, trained: Collection[str]) -> tuple[int, list[Task]]:
    """(how many are eligible, a seeded sample of at most `evaluation.train_recall_limit` of them).

    Eligible: train-split tasks among `trained` (the task ids of the candidate's training set) whose
    every day episode of this cycle failed. Only the task source's train split counts, whatever the
    training set holds, so a heldout or frozen task can never be in it.
    """
    limit = ctx.config.evaluation.train_recall_limit
    if limit == 0:
        return 0, []
    train = ctx.tasks.by_id("train")
    day = ctx.store.task_outcomes(ctx.run.run_id, cycle, "day")
    eligible = sorted(t for t in set(trained) if t in train and day.get(t) is False)
    # A seeded sample, not the first ids in order: those would cluster in a few families.
    chosen = random.Random(derive_seed(ctx.config.seed, f"train_recall:{cycle}")).sample(
        eligible, min(limit, len(eligible)))
    return len(eligible), [train[t] for t in sorted(chosen)]


def day_stands_for_eval(ctx: PhaseContext, cycle: int, current_id: str | None, tasks: Collection[Task]) -> bool:
    """Whether the current model's day episodes on `tasks` are what evaluating it would give, so it need not run.

    True when decoding is greedy (temperature 0: the seed, the only setting in which a day episode and an
    evaluation episode differ, then changes nothing), without agent memory (which grows between the day and
    the gate), and every day episode of these tasks ran `current_id` under the run's config. Batched decoding
    can still differ in a near-tie, so that is a close stand-in, not a bit-for-bit replay.
    """
    agent = ctx.config.agent
    if agent.temperature != 0 or agent.memory is not None:
        return False
    ids = {t.id for t in tasks}
    ran = [e for e in ctx.store.find_episodes(ctx.run.run_id, cycle=cycle, phase="day", split="train")
           if e.task_id in ids]
    return {e.task_id for e in ran} == ids and all(
        e.adapter_id == current_id and e.config_hash == ctx.run.config_hash for e in ran)
