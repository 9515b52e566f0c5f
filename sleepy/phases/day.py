"""The day phase: the agent attempts tasks and every episode goes to the store.

Resumable: tasks that already have an episode for this run, cycle and phase are skipped, and each
episode is committed as it finishes, so a kill loses at most the tasks in flight.
"""

from __future__ import annotations

from attrs import frozen

from sleepy.adapters import AdapterRegistry
from sleepy.config import derive_seed
from sleepy.phases.attempts import Attempt, AttemptSettings, run_attempts
from sleepy.phases.model import choose_adapter, routes_for, use_adapter
from sleepy.phases.setup import PhaseContext


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
            phase: str = "day", adapter: str | None = None) -> DaySummary:
    """Attempt every configured task once with the run's active adapter (or `adapter`: "base" or an id);
    store each episode as it finishes."""
    backend = ctx.backend
    chosen = choose_adapter(AdapterRegistry(ctx.run_dir.adapters, ctx.store), adapter)
    tasks = ctx.tasks.split(split, limit)
    done = done_task_ids(ctx, cycle, phase)
    todo = [t for t in tasks if t.id not in done]
    routes = None
    if todo:
        use_adapter(backend, chosen)
        routes = routes_for(ctx, backend, chosen)
    attempts = [Attempt(t, 0, derive_seed(ctx.config.seed, f"{phase}:{cycle}:{t.id}")) for t in todo]
    settings = AttemptSettings(phase, cycle, ctx.resolved.backend.spec.name, ctx.config.agent.temperature,
                               chosen.id if chosen else None, routes=routes)
    counts = run_attempts(ctx, attempts, backend, settings)
    return DaySummary(len(tasks), len(tasks) - len(todo), counts.passed, counts.failed, counts.tokens_out,
                      counts.seconds)
