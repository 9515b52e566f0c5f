"""The day phase: the agent attempts tasks and every episode goes to the store.

Resumable: tasks that already have an episode for this run, cycle and phase are skipped, and each
episode is committed as it finishes, so a kill loses at most the tasks in flight.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from attrs import frozen

from sleepy.adapters import AdapterRegistry
from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.config import derive_seed
from sleepy.events import EpisodeEvent, PhaseProgress
from sleepy.phases.model import choose_adapter, use_adapter
from sleepy.phases.setup import PhaseContext, build_sandbox, build_tools
from sleepy.records import SamplingParams, Task
from sleepy.registry import Registry


@frozen
class DaySummary:
    """What one day phase did."""

    tasks: int
    skipped: int
    passed: int
    failed: int
    tokens_out: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens_out / self.seconds if self.seconds else 0.0


def done_task_ids(ctx: PhaseContext, cycle: int, phase: str) -> set[str]:
    return ctx.store.episode_task_ids(ctx.run.run_id, cycle, phase)


def run_day(ctx: PhaseContext, *, split: str | None = "train", limit: int | None = None, cycle: int = 0,
            phase: str = "day", backend: Any = None, adapter: str | None = None) -> DaySummary:
    """Attempt every configured task once with the run's active adapter (or `adapter`: "base" or an id);
    store each episode as it finishes."""
    backend = backend if backend is not None else ctx.resolved.backend.build()
    chosen = choose_adapter(AdapterRegistry(ctx.run_dir.adapters, ctx.store), adapter)
    tasks: list[Task] = list(ctx.resolved.tasks.build().iter_tasks(split=split, limit=limit))
    done = done_task_ids(ctx, cycle, phase)
    todo = [t for t in tasks if t.id not in done]
    if todo:
        use_adapter(backend, chosen)
    summary = run_tasks(ctx, todo, backend=backend, cycle=cycle, phase=phase, seed_scope=f"{phase}:{cycle}",
                        adapter_id=chosen.id if chosen else None)
    return DaySummary(len(tasks), len(tasks) - len(todo), summary.passed, summary.failed, summary.tokens_out,
                      summary.seconds)


def run_tasks(ctx: PhaseContext, todo: list[Task], *, backend: Any, cycle: int, phase: str, seed_scope: str,
              adapter_id: str | None = None, attempt_idx: int = 0) -> DaySummary:
    """Attempt each task once with `backend`; store each episode as it finishes."""
    config = ctx.config
    registry = Registry.collect(ctx.pm)
    tools = build_tools(ctx.resolved, registry)
    sandbox = build_sandbox(config)
    described = backend.describe()
    started = time.monotonic()
    counts = {"passed": 0, "failed": 0, "tokens_out": 0}

    def progress() -> None:
        elapsed = time.monotonic() - started
        info = {"pass": counts["passed"], "fail": counts["failed"],
                "tok/s": f"{counts['tokens_out'] / elapsed:.1f}" if elapsed > 0 else "-"}
        ctx.pm.hook.sleepy_phase_progress(run=ctx.run, progress=PhaseProgress(
            phase, counts["passed"] + counts["failed"], len(todo), info))

    def episode_for(task: Task) -> EpisodeRun:
        seed = derive_seed(config.seed, f"{seed_scope}:{task.id}")
        params = SamplingParams(temperature=config.agent.temperature, max_new_tokens=config.agent.max_new_tokens,
                                seed=seed)
        identity = {"id": uuid.uuid4().hex, "run_id": ctx.run.run_id, "cycle": cycle, "phase": phase,
                    "attempt_idx": attempt_idx, "backend": ctx.resolved.backend.spec.name,
                    "model": str(described.get("model", "")),
                    "adapter_id": adapter_id if adapter_id is not None else described.get("adapter_id"),
                    "config_hash": ctx.run.config_hash}
        ctx.pm.hook.sleepy_episode_started(run=ctx.run, task=task, attempt_idx=attempt_idx)
        return EpisodeRun(task, config=config.agent, tools=tools, sandbox=sandbox, params=params, identity=identity)

    def finished(episode: EpisodeRun) -> None:
        record = episode.record()
        ctx.store.record_episode(record)
        counts["passed" if record.passed else "failed"] += 1
        counts["tokens_out"] += record.tokens_out
        ctx.pm.hook.sleepy_episode_finished(run=ctx.run, episode=EpisodeEvent(
            episode_id=record.id, task_id=record.task_id, split=record.split, cycle=cycle,
            attempt_idx=record.attempt_idx, outcome=record.outcome, passed=record.passed, steps=len(record.steps),
            steps_to_green=record.steps_to_green, error_signature=record.first_error_signature,
            tokens_out=record.tokens_out, seconds=record.wall_seconds))
        progress()

    progress()
    run_episodes((episode_for(t) for t in todo), backend, concurrency=config.agent.concurrency,
                 on_finished=finished)
    return DaySummary(tasks=len(todo), skipped=0, passed=counts["passed"], failed=counts["failed"],
                      tokens_out=counts["tokens_out"], seconds=time.monotonic() - started)
