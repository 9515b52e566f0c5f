"""The sleep phase: curate the day's episodes into a dataset, train a candidate adapter, register it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from sleepy.adapters import AdapterRecord, AdapterRegistry
from sleepy.config import derive_seed
from sleepy.consolidation import TrainingRequest
from sleepy.curation import (
    DatasetVersion,
    TrainingExample,
    curate,
    dataset_examples,
    own_fixes,
    reference_fixes,
    replay_sample,
    write_dataset,
)
from sleepy.curation.dreams import DreamReport, dream_examples
from sleepy.errors import SleepyError
from sleepy.phases.attempts import Attempt, AttemptSettings, run_attempts
from sleepy.phases.day import done_task_ids
from sleepy.phases.model import choose_adapter, routes_for, use_adapter
from sleepy.phases.setup import PhaseContext
from sleepy.records import Task


class NothingToLearn(SleepyError):
    """The curated dataset is empty, so no candidate can be trained."""


@frozen
class SleepSummary:
    dataset: DatasetVersion
    candidate: AdapterRecord | None
    seconds: float
    dreams: DreamReport | None = None  # when curation.dreams is on


def _sample(ctx: PhaseContext, backend: Any, tasks: Iterable[Task], settings: AttemptSettings, *,
            samples: int) -> None:
    """Attempt each task not sampled yet `samples` times (exploration or a teacher), storing episodes."""
    done = done_task_ids(ctx, settings.cycle, settings.phase)
    attempts = [Attempt(task, k, derive_seed(ctx.config.seed, f"{settings.phase}:{settings.cycle}:{task.id}:{k}"))
                for task in tasks if task.id not in done for k in range(samples)]
    run_attempts(ctx, attempts, backend, settings)


def _failing_train_tasks(ctx: PhaseContext, train: dict[str, Task], cycle: int) -> list[Task]:
    outcomes = ctx.store.task_outcomes(ctx.run.run_id, cycle, "day")
    return [train[task_id] for task_id, ok in outcomes.items() if not ok and task_id in train]


def run_sleep(ctx: PhaseContext, *, cycle: int = 0, adapter: str | None = None) -> SleepSummary:
    """Curate, train and register a candidate for `cycle`, on top of the run's active adapter (or `adapter`:
    "base" or an id); exploration samples that adapter."""
    started = time.monotonic()
    config, curation = ctx.config, ctx.config.curation
    train = {k: t for k, t in ctx.tasks.by_id().items() if t.split == "train"}
    backend = ctx.backend
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    active = choose_adapter(registry, adapter)
    if curation.exploration:
        use_adapter(backend, active)
        explore = AttemptSettings("exploration", cycle, ctx.resolved.backend.spec.name,
                                  curation.exploration_temperature, active.id if active else None,
                                  routes=routes_for(ctx, backend, active))
        _sample(ctx, backend, _failing_train_tasks(ctx, train, cycle), explore, samples=curation.exploration_samples)
    if ctx.resolved.teacher is not None:
        teach = AttemptSettings("teacher", cycle, ctx.resolved.teacher.spec.name, config.agent.temperature)
        _sample(ctx, ctx.teacher, _failing_train_tasks(ctx, train, cycle), teach, samples=1)
    weights = curation.weights
    candidates: list[TrainingExample] = []
    run_id = ctx.run.run_id
    if curation.own_fix:
        candidates += own_fixes(ctx.store, train, run_id=run_id, cycle=cycle, phases=("day",), source="own_fix",
                                weight=weights.get("own_fix", 1.0))
    if curation.exploration:
        candidates += own_fixes(ctx.store, train, run_id=run_id, cycle=cycle, phases=("exploration",),
                                source="exploration", weight=weights.get("exploration", 1.0))
    if curation.teacher is not None:
        candidates += own_fixes(ctx.store, train, run_id=run_id, cycle=cycle, phases=("teacher",), source="teacher",
                                weight=weights.get("teacher", 1.0))
    if curation.reference:
        candidates += reference_fixes(ctx.store, train, run_id=run_id, cycle=cycle,
                                      weight=weights.get("reference", 1.0))
    dreamt: list[TrainingExample] = []
    dreams: DreamReport | None = None
    if curation.dreams:
        # All tasks as the source splits them, not only `train`: make_dreams refuses any non-train task itself.
        dreamt, dreams = dream_examples(
            [t.id for t in _failing_train_tasks(ctx, train, cycle) if t.project is None],  # variants of koans only
            ctx.tasks.by_id(), ctx.sandbox,
            per_task=curation.dreams, limit=curation.dreams_limit, seed=derive_seed(config.seed, f"dreams:{cycle}"),
            clippy=curation.require_clippy, reply_format=config.agent.reply_format,
            feedback_chars=config.agent.tool_output_chars, weight=weights.get("dreams", 1.0))
    replay: list[TrainingExample] = []
    if curation.replay_fraction > 0:
        earlier = [dataset_examples(record, ctx.run_dir.path / "datasets")
                   for record in ctx.store.datasets(run_id=run_id, before_cycle=cycle)]
        replay = replay_sample(earlier, curation.replay_fraction, derive_seed(config.seed, f"replay:{cycle}"))
    examples, dropped = curate(candidates, train, ctx.sandbox, require_clippy=curation.require_clippy,
                               max_examples=curation.max_examples, seed=derive_seed(config.seed, f"curate:{cycle}"),
                               replay=replay, checked=dreamt, projects=ctx.projects)
    settings: dict[str, Any] = {"require_clippy": curation.require_clippy, "weights": dict(weights)}
    if dreams is not None:
        settings["dreams"] = dreams.to_json()
    dataset = write_dataset(examples, ctx.run_dir.path / "datasets", ctx.store, run_id=run_id, cycle=cycle,
                            dropped=dropped, tasks=train, settings=settings)
    if not examples:
        raise NothingToLearn(f"cycle {cycle}: no training pair survived curation (dropped: {dropped or 'none'}); "
                             "no candidate was trained")
    if ctx.resolved.consolidator is None:
        return SleepSummary(dataset, None, time.monotonic() - started, dreams)
    existing = [r for r in registry.list() if r.dataset_hash == dataset.hash and r.metadata.get("cycle") == cycle]
    if existing:  # resumed after the candidate was registered: nothing more to do
        return SleepSummary(dataset, existing[-1], time.monotonic() - started, dreams)
    work = ctx.run_dir.path / "work" / f"cycle-{cycle}"
    output = work / "adapter"
    if output.exists():
        shutil.rmtree(output)  # a half-written adapter from a killed run; checkpoints stay
    request = TrainingRequest(
        dataset_path=dataset.path, dataset_hash=dataset.hash, output_dir=output, checkpoint_dir=work / "checkpoints",
        seed=derive_seed(config.seed, f"training:{cycle}"), parent_adapter=active.path if active else None,
        earlier_adapters=tuple(r.path for r in registry.list() if r.status == "promoted"),
        progress=lambda p: ctx.pm.hook.sleepy_phase_progress(run=ctx.run, progress=p),
    )
    result = ctx.resolved.consolidator.build().consolidate(request, backend)
    candidate = registry.register(
        result.adapter_dir, strategy=ctx.resolved.consolidator.spec.name, dataset_hash=dataset.hash,
        base_model=result.base_model, parent_id=active.id if active else None, run_id=run_id, cycle=cycle,
        metadata={**dict(result.metadata), "cycle": cycle, "source_counts": dict(dataset.source_counts)},
        module_shapes=result.module_shapes,
    )
    return SleepSummary(dataset, candidate, time.monotonic() - started, dreams)
