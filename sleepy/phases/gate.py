"""The gate phase: evaluate candidate and current adapter on frozen + heldout, apply gates, promote or not.

Evaluations are cached per (adapter, task, seed, config hash): the current adapter is measured
once, not every cycle. With `agent.memory` on, per cycle too: the agent recalls more each cycle.
"""

from __future__ import annotations

from typing import Any

import attrs
from attrs import frozen

from sleepy.adapters import AdapterRecord, AdapterRegistry, InvalidAdapter
from sleepy.config import derive_seed
from sleepy.curation import dataset_examples
from sleepy.errors import SleepyError
from sleepy.gating import GateInput, GateResult, PairedOutcomes, decision_label
from sleepy.phases.attempts import Attempt, AttemptSettings, run_attempts
from sleepy.phases.model import choose_adapter, routes_for, use_adapter
from sleepy.phases.setup import PhaseContext
from sleepy.phases.train_recall import day_stands_for_eval, recall_tasks
from sleepy.records import Task
from sleepy.store import TaskVerdict
from sleepy.train_recall import EVALUATED, FROM_DAY, RECALL_LABEL, TrainRecall

FROZEN = "frozen"
EVAL_PHASE = "eval"  # the phase of the gate's evaluation episodes (its cache)


class NoCandidate(SleepyError):
    """There is no candidate adapter to gate for this cycle."""


@frozen
class GateDecision:
    cycle: int
    candidate_id: str
    current_id: str | None
    promoted: bool
    results: tuple[GateResult, ...]
    rates: dict[str, dict[str, float]]
    train_recall: TrainRecall | None = None  # measured after the gates decided; never in `rates`

    @property
    def label(self) -> str:
        """"promoted", "promoted, no measured gain" or "rejected"."""
        return decision_label(self.promoted, self.rates) or "rejected"


def eval_limit(ctx: PhaseContext, split: str) -> int | None:
    """The frozen suite has its own limit, so a quick heldout subset never shrinks the regression check."""
    evaluation = ctx.config.evaluation
    return evaluation.frozen_limit if split == FROZEN else evaluation.limit


def eval_tasks(ctx: PhaseContext, split: str) -> list[Task]:
    return ctx.tasks.split(split, eval_limit(ctx, split))


def suite_size(ctx: PhaseContext, split: str) -> int:
    """How many tasks the split holds, limit or not: what "k of N checked" counts against."""
    return ctx.tasks.size(split)


def eval_seed(run_seed: int, k: int, task_id: str) -> int:
    """Seed `k` of a task's evaluation: the same for every adapter and cycle, so the current adapter and
    the candidate are compared on the same seeds and a cached evaluation stays valid."""
    return derive_seed(run_seed, f"eval:{k}:{task_id}")


def evaluate(ctx: PhaseContext, backend: Any, adapter: AdapterRecord | None, split: str, cycle: int) -> dict[str, bool]:
    """task id -> passed (at least half of its seeds) for `adapter` on `split`, reusing cached evaluations.

    The per-task verdicts are stored, so the report counts exactly what the gate decided on.
    """
    return evaluate_tasks(ctx, backend, adapter, eval_tasks(ctx, split), split, cycle)


def evaluate_tasks(ctx: PhaseContext, backend: Any, adapter: AdapterRecord | None, tasks: list[Task], label: str,
                   cycle: int, *, phase: str = EVAL_PHASE) -> dict[str, bool]:
    """task id -> passed for `adapter` on `tasks`; their verdicts are stored under `label` (a split, or
    `train_recall`). Every task gets the same seeds, budgets and verdict whatever the label.

    The episodes are stored, and read back as the cache, under `phase`: `sleepy eval` keeps each koan collection's
    under a phase of its own, so a task id it shares with the run's koans never stands for the other's result."""
    adapter_id = adapter.id if adapter else None
    run_seed = ctx.config.seed

    # With memory on, what the agent recalls grows every cycle, so an evaluation counts only in its own cycle.
    cached_cycle = cycle if ctx.config.agent.memory is not None else None

    def measured(k: int) -> dict[str, int]:
        """task id -> passed, of the cached episodes evaluated under the task's seed `k`."""
        rows = ctx.store.eval_outcomes(ctx.run.run_id, adapter_id, k, ctx.run.config_hash, cached_cycle, phase=phase)
        return {r.task_id: int(r.passed) for r in rows if r.seed == eval_seed(run_seed, k, r.task_id)}

    settings = AttemptSettings(phase, cycle, ctx.resolved.backend.spec.name, ctx.config.agent.temperature,
                               adapter_id, progress_label="eval train recall" if label == RECALL_LABEL else None)
    per_seed = []
    for k in range(ctx.config.evaluation.seeds):
        done = measured(k)
        todo = [t for t in tasks if t.id not in done]
        if todo:
            use_adapter(backend, adapter)
            routed = attrs.evolve(settings, routes=routes_for(ctx, backend, adapter))
            attempts = [Attempt(t, k, eval_seed(run_seed, k, t.id)) for t in todo]
            run_attempts(ctx, attempts, backend, routed)
            done = measured(k)
        per_seed.append(done)
    verdicts = [TaskVerdict(t.id, t.family, label, seeds=sum(t.id in d for d in per_seed),
                            passes=sum(d.get(t.id, 0) for d in per_seed), task_check=t.check) for t in tasks]
    verdicts = [v for v in verdicts if v.seeds]
    ctx.store.record_verdicts(ctx.run.run_id, adapter_id, verdicts)
    return {v.task_id: v.passed for v in verdicts}


def latest_candidate(registry: AdapterRegistry, cycle: int) -> AdapterRecord:
    candidates = [r for r in registry.list() if r.status == "candidate" and r.metadata.get("cycle") == cycle]
    if not candidates:
        raise NoCandidate(f"cycle {cycle}: no candidate adapter to gate (sleep trained none for this cycle)")
    return candidates[-1]


def run_gate(ctx: PhaseContext, *, cycle: int = 0, adapter: str | None = None) -> GateDecision:
    """Evaluate, apply every configured gate in order, store the decision, promote only if all pass.

    The candidate is compared with the run's active adapter, or with `adapter` ("base" or an id) when given.
    """
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    done = ctx.store.gate_decision(ctx.run.run_id, cycle)
    if done is not None:  # resumed after the decision was stored: finish the promotion if a crash interrupted it
        if done.promoted and registry.active_id() != done.candidate_id:
            registry.promote(done.candidate_id)
        return GateDecision(cycle, done.candidate_id, done.current_id, done.promoted,
                            tuple(GateResult(**r) for r in done.gates), done.results["rates"],
                            TrainRecall.from_json(done.results.get(RECALL_LABEL)))
    candidate = latest_candidate(registry, cycle)
    current = choose_adapter(registry, adapter)
    try:
        registry.validate(candidate.id)
    except InvalidAdapter as exc:
        invalid = GateResult("valid_adapter", False, (str(exc),))
        return _decide(ctx, registry, cycle, candidate, current, (invalid,), {}, {})
    backend = ctx.backend
    splits = {}
    sizes = {split: suite_size(ctx, split) for split in ctx.config.evaluation.splits}
    for split in ctx.config.evaluation.splits:
        current_outcomes = evaluate(ctx, backend, current, split, cycle)
        candidate_outcomes = evaluate(ctx, backend, candidate, split, cycle)
        splits[split] = PairedOutcomes(current_outcomes, candidate_outcomes)
    dataset = ctx.store.dataset(candidate.dataset_hash) if candidate.dataset_hash else None
    dataset_filter = dict(dataset.filter) if dataset else {}
    all_tasks = {t.id: t.split for t in ctx.tasks.split(None)}
    trained = dict(dataset.lineage["sources_per_family"]) if dataset else {}
    trained_tasks = {e.task_id for e in dataset_examples(dataset, ctx.run_dir.path / "datasets")} if dataset else set()
    gate_input = GateInput(candidate.id, current.id if current else None, splits, dataset_filter,
                           {t: all_tasks.get(t, "unknown") for t in trained_tasks}, sizes)
    results = tuple(g.build().evaluate(gate_input) for g in ctx.resolved.gates)
    rates = {split: {"current": o.rate("current"), "candidate": o.rate("candidate"), "n": len(o.tasks),
                     "total": sizes[split], "fixed": len(o.fixed), "broken": len(o.broken)}
             for split, o in splits.items()}
    # Only now, with every gate's verdict in hand: the recall figure cannot reach the decision.
    recall = train_recall(ctx, backend, cycle, candidate, current, trained_tasks)
    use_adapter(backend, current)
    return _decide(ctx, registry, cycle, candidate, current, results, rates, trained, recall)


def train_recall(ctx: PhaseContext, backend: Any, cycle: int, candidate: AdapterRecord,
                 current: AdapterRecord | None, trained_tasks: set[str]) -> TrainRecall | None:
    """The candidate on a sample of the train tasks it was trained on and that failed in the day (None: none such,
    or `evaluation.train_recall_limit` is 0); the current model from its day episodes where they stand for an
    evaluation, else evaluated the same way."""
    eligible, tasks = recall_tasks(ctx, cycle, trained_tasks)
    if not tasks:
        return None
    candidate_passed = evaluate_tasks(ctx, backend, candidate, tasks, RECALL_LABEL, cycle)
    if day_stands_for_eval(ctx, cycle, current.id if current else None, tasks):
        current_passed: dict[str, bool] = {}  # every one of them failed in the day: that is why it is here
        measured = FROM_DAY
    else:
        current_passed = evaluate_tasks(ctx, backend, current, tasks, RECALL_LABEL, cycle)
        measured = EVALUATED
    return TrainRecall(tuple(t.id for t in tasks), eligible, _passed(candidate_passed), _passed(current_passed),
                       measured)


def _passed(outcomes: dict[str, bool]) -> tuple[str, ...]:
    return tuple(sorted(t for t, ok in outcomes.items() if ok))


def _decide(ctx: PhaseContext, registry: AdapterRegistry, cycle: int, candidate: AdapterRecord,
            current: AdapterRecord | None, results: tuple[GateResult, ...], rates: dict[str, dict[str, float]],
            trained: dict[str, Any], recall: TrainRecall | None = None) -> GateDecision:
    """Store the decision first, then promote or reject (a resumed gate finishes a promotion)."""
    passed = bool(results) and all(r.passed for r in results)
    ctx.store.record_gate_decision(run_id=ctx.run.run_id, cycle=cycle, candidate_id=candidate.id,
                                   current_id=current.id if current else None, promoted=passed,
                                   results={"gates": [r.to_json() for r in results], "rates": rates,
                                            "trained_families": trained,
                                            RECALL_LABEL: recall.to_json() if recall else None})
    if passed:
        registry.promote(candidate.id)
    else:
        registry.reject(candidate.id)
    return GateDecision(cycle, candidate.id, current.id if current else None, passed, results, rates, recall)
