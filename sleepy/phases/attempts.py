"""Attempts: the agent tries tasks with a backend; each attempt is stored and announced as it finishes.

Every phase that runs the agent (day, evaluation, exploration, teacher) goes through `run_attempts`.
The phase decides which attempts to make (which tasks, how many each, under which seeds, at which
temperature); this module turns them into episodes, stores each one, tells reporters and counts.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

from attrs import frozen

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.memory import EpisodeMemory
from sleepy.agent.runner import run_episodes
from sleepy.events import EpisodeEvent, PhaseProgress
from sleepy.phases.setup import PhaseContext
from sleepy.records import EpisodeRecord, SamplingParams, Task
from sleepy.routing.choice import TaskRoutes


@frozen
class Attempt:
    """One try at a task: its index among the task's tries in this phase, and the seed it samples with."""

    task: Task
    attempt_idx: int
    seed: int


@frozen
class AttemptCounts:
    """What a batch of attempts did."""

    attempts: int
    passed: int
    failed: int
    tokens_out: int
    seconds: float


@frozen
class AttemptSettings:
    """How a phase runs its attempts: which backend (by its registered name), at which temperature, and
    which adapter the episodes record (None: whatever the backend says it has active). Progress events name
    the phase `progress_label` when given (the trained-on recall's evaluation episodes are `eval` episodes)."""

    phase: str
    cycle: int
    backend_name: str
    temperature: float
    adapter_id: str | None = None
    progress_label: str | None = None
    routes: TaskRoutes | None = None  # the adapter's routes and the router choosing among them (sleepy.routing)


def run_attempts(ctx: PhaseContext, attempts: Sequence[Attempt], backend: Any,
                 settings: AttemptSettings) -> AttemptCounts:
    """Run every attempt with `backend`; store each episode as it finishes (a kill loses only those in flight)."""
    config, phase = ctx.config, settings.phase
    described = backend.describe()
    # The memory baseline recalls this run's earlier train fixes; the task source says which tasks are train.
    memory = (EpisodeMemory(ctx.store, ctx.run.run_id, ctx.tasks.by_id("train"), config.agent.memory)
              if config.agent.memory is not None else None)
    started = time.monotonic()
    counts = {"passed": 0, "failed": 0, "tokens_out": 0, "shared": 0}

    def progress() -> None:
        elapsed = time.monotonic() - started
        info = {"pass": counts["passed"], "fail": counts["failed"],
                "tok/s": f"{counts['tokens_out'] / elapsed:.1f}" if elapsed > 0 else "-"}
        if counts["shared"]:
            info["shared"] = counts["shared"]
        ctx.pm.hook.sleepy_phase_progress(run=ctx.run, progress=PhaseProgress(
            settings.progress_label or phase, counts["passed"] + counts["failed"], len(attempts), info))

    adapter_id = settings.adapter_id if settings.adapter_id is not None else described.get("adapter_id")
    shared = ctx.shared_attempts
    snapshot = ctx.resolved.snapshot() if shared is not None else {}
    keys: dict[str, str] = {}  # episode id -> its shared key, for the attempts run here

    def identity_of(attempt: Attempt) -> dict[str, Any]:
        return {"id": uuid.uuid4().hex, "run_id": ctx.run.run_id, "cycle": settings.cycle, "phase": phase,
                "attempt_idx": attempt.attempt_idx, "backend": settings.backend_name,
                "model": str(described.get("model", "")), "adapter_id": adapter_id,
                "config_hash": ctx.run.config_hash}

    def shared_key(attempt: Attempt) -> str | None:
        if shared is None:
            return None
        return shared.key(snapshot, phase=phase, task=attempt.task, adapter_id=adapter_id,
                          temperature=settings.temperature, seed=attempt.seed, attempt_idx=attempt.attempt_idx)

    def episode_for(attempt: Attempt) -> EpisodeRun:
        params = SamplingParams(temperature=settings.temperature, max_new_tokens=config.agent.max_new_tokens,
                                seed=attempt.seed)
        identity = identity_of(attempt)
        if (key := shared_key(attempt)) is not None:
            keys[identity["id"]] = key
        ctx.pm.hook.sleepy_episode_started(run=ctx.run, task=attempt.task, attempt_idx=attempt.attempt_idx)
        return EpisodeRun(attempt.task, config=config.agent, tools=ctx.tools, sandbox=ctx.sandbox, params=params,
                          identity=identity, memory=memory,
                          router=settings.routes.choose if settings.routes is not None else None,
                          projects=ctx.projects)

    def finished(episode: EpisodeRun) -> None:
        record = episode.record()
        stored(record)
        counts["tokens_out"] += record.tokens_out
        if shared is not None and record.id in keys:
            shared.keep(keys.pop(record.id), record)

    def stored(record: EpisodeRecord) -> None:
        ctx.store.record_episode(record)
        counts["passed" if record.passed else "failed"] += 1
        ctx.pm.hook.sleepy_episode_finished(run=ctx.run, episode=EpisodeEvent(
            episode_id=record.id, task_id=record.task_id, split=record.split, cycle=settings.cycle,
            attempt_idx=record.attempt_idx, outcome=record.outcome, passed=record.passed, steps=len(record.steps),
            steps_to_green=record.steps_to_green, error_signature=record.first_error_signature,
            tokens_out=record.tokens_out, seconds=record.wall_seconds))
        progress()

    progress()
    to_run = []
    for attempt in attempts:  # an attempt another run already made identically is copied, not run again
        key = shared_key(attempt)
        copied = shared.take(key, {**identity_of(attempt), "seed": attempt.seed}) if shared and key else None
        if copied is None:
            to_run.append(attempt)
        else:
            counts["shared"] += 1
            stored(copied)
    if settings.routes is not None:  # each request goes to its task's route, one batch per adapter
        backend = settings.routes.backend_for_episodes()
    run_episodes((episode_for(a) for a in to_run), backend, concurrency=config.agent.concurrency,
                 on_finished=finished)
    return AttemptCounts(len(attempts), counts["passed"], counts["failed"], counts["tokens_out"],
                         time.monotonic() - started)
