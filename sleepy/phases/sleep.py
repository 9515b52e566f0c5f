"""The sleep phase: curate the day's episodes into a dataset, train a candidate adapter, register it."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from sleepy.adapters import AdapterRecord, AdapterRegistry
from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
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
from sleepy.errors import SleepyError
from sleepy.events import PhaseProgress
from sleepy.phases.day import done_task_ids
from sleepy.phases.model import choose_adapter, use_adapter
from sleepy.phases.setup import PhaseContext, build_sandbox, build_tools
from sleepy.records import SamplingParams, Task
from sleepy.registry import Registry


class NothingToLearn(SleepyError):
    """The curated dataset is empty, so no candidate can be trained."""


@frozen
class SleepSummary:
    dataset: DatasetVersion
    candidate: AdapterRecord | None
    seconds: float


def _sample(ctx: PhaseContext, backend: Any, tasks: Iterable[Task], *, phase: str, cycle: int, samples: int,
            temperature: float, adapter_id: str | None = None) -> None:
    """Attempt each task `samples` times at a temperature (exploration or a teacher), storing episodes."""
    config = ctx.config
    registry = Registry.collect(ctx.pm)
    tools, sandbox, described = build_tools(ctx.resolved, registry), build_sandbox(config), backend.describe()
    done = done_task_ids(ctx, cycle, phase)
    episodes = []
    for task in tasks:
        if task.id in done:
            continue
        for k in range(samples):
            params = SamplingParams(temperature=temperature, max_new_tokens=config.agent.max_new_tokens,
                                    seed=derive_seed(config.seed, f"{phase}:{cycle}:{task.id}:{k}"))
            identity = {"id": uuid.uuid4().hex, "run_id": ctx.run.run_id, "cycle": cycle, "phase": phase,
                        "attempt_idx": k, "backend": str(described.get("backend", "")),
                        "model": str(described.get("model", "")),
                        "adapter_id": adapter_id or described.get("adapter_id"),
                        "config_hash": ctx.run.config_hash}
            episodes.append(EpisodeRun(task, config=config.agent, tools=tools, sandbox=sandbox, params=params,
                                       identity=identity))
    total, finished = len(episodes), 0

    def stored(episode: EpisodeRun) -> None:
        nonlocal finished
        ctx.store.record_episode(episode.record())
        finished += 1
        ctx.pm.hook.sleepy_phase_progress(run=ctx.run, progress=PhaseProgress(phase, finished, total))

    run_episodes(episodes, backend, concurrency=config.agent.concurrency, on_finished=stored)


def _failing_train_tasks(ctx: PhaseContext, train: dict[str, Task], cycle: int) -> list[Task]:
    outcomes = ctx.store.task_outcomes(ctx.run.run_id, cycle, "day")
    return [train[task_id] for task_id, ok in outcomes.items() if not ok and task_id in train]


def run_sleep(ctx: PhaseContext, *, cycle: int = 0, backend: Any = None, adapter: str | None = None) -> SleepSummary:
    """Curate, train and register a candidate for `cycle`, on top of the run's active adapter (or `adapter`:
    "base" or an id); exploration samples that adapter."""
    started = time.monotonic()
    config, curation = ctx.config, ctx.config.curation
    source = ctx.resolved.tasks.build()
    all_tasks = {t.id: t for t in source.iter_tasks(split=None)}
    train = {k: t for k, t in all_tasks.items() if t.split == "train"}
    backend = backend if backend is not None else ctx.resolved.backend.build()
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    active = choose_adapter(registry, adapter)
    if curation.exploration:
        use_adapter(backend, active)
        _sample(ctx, backend, _failing_train_tasks(ctx, train, cycle), phase="exploration", cycle=cycle,
                samples=curation.exploration_samples, temperature=curation.exploration_temperature,
                adapter_id=active.id if active else None)
    if curation.teacher is not None:
        from sleepy.config import resolve_strategy
        from sleepy.registry import StrategyKind

        teacher = resolve_strategy(Registry.collect(ctx.pm), StrategyKind.BACKEND, curation.teacher,
                                   "$.curation.teacher", str(ctx.run_dir.config_snapshot)).build()
        _sample(ctx, teacher, _failing_train_tasks(ctx, train, cycle), phase="teacher", cycle=cycle, samples=1,
                temperature=config.agent.temperature)
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
    replay: list[TrainingExample] = []
    if curation.replay_fraction > 0:
        earlier = [dataset_examples(record, ctx.run_dir.path / "datasets")
                   for record in ctx.store.datasets(run_id=run_id, before_cycle=cycle)]
        replay = replay_sample(earlier, curation.replay_fraction, derive_seed(config.seed, f"replay:{cycle}"))
    examples, dropped = curate(candidates, train, build_sandbox(config), require_clippy=curation.require_clippy,
                               max_examples=curation.max_examples, seed=derive_seed(config.seed, f"curate:{cycle}"),
                               replay=replay)
    dataset = write_dataset(examples, ctx.run_dir.path / "datasets", ctx.store, run_id=run_id, cycle=cycle,
                            dropped=dropped, tasks=train,
                            settings={"require_clippy": curation.require_clippy, "weights": dict(weights)})
    if not examples:
        raise NothingToLearn(f"cycle {cycle}: no training pair survived curation (dropped: {dropped or 'none'}); "
                             "no candidate was trained")
    if ctx.resolved.consolidator is None:
        return SleepSummary(dataset, None, time.monotonic() - started)
    existing = [r for r in registry.list() if r.dataset_hash == dataset.hash and r.metadata.get("cycle") == cycle]
    if existing:  # resumed after the candidate was registered: nothing more to do
        return SleepSummary(dataset, existing[-1], time.monotonic() - started)
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
    return SleepSummary(dataset, candidate, time.monotonic() - started)
