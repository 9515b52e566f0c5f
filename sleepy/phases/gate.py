"""The gate phase: evaluate candidate and current adapter on frozen + heldout, apply gates, promote or not.

Evaluations are cached per (adapter, task, seed, config hash): the current adapter is measured
once, not every cycle.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from attrs import frozen

from sleepy.adapters import AdapterRecord, AdapterRegistry, InvalidAdapter
from sleepy.errors import SleepyError
from sleepy.gating import GateInput, GateResult, PairedOutcomes, decision_label
from sleepy.phases.day import run_tasks
from sleepy.phases.model import choose_adapter, use_adapter
from sleepy.phases.setup import PhaseContext
from sleepy.records import Task

FROZEN = "frozen"


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

    @property
    def label(self) -> str:
        """"promoted", "promoted, no measured gain" or "rejected"."""
        return decision_label(self.promoted, self.rates) or "rejected"


def eval_limit(ctx: PhaseContext, split: str) -> int | None:
    """The frozen suite has its own limit, so a quick heldout subset never shrinks the regression check."""
    evaluation = ctx.config.evaluation
    return evaluation.frozen_limit if split == FROZEN else evaluation.limit


def eval_tasks(ctx: PhaseContext, split: str) -> list[Task]:
    return list(ctx.resolved.tasks.build().iter_tasks(split=split, limit=eval_limit(ctx, split)))


def suite_size(ctx: PhaseContext, split: str) -> int:
    """How many tasks the split holds, limit or not: what "k of N checked" counts against."""
    return sum(1 for _ in ctx.resolved.tasks.build().iter_tasks(split=split))


def evaluate(ctx: PhaseContext, backend: Any, adapter: AdapterRecord | None, split: str, cycle: int) -> dict[str, bool]:
    """task id -> passed (majority over seeds) for `adapter` on `split`, reusing cached evaluations."""
    tasks = eval_tasks(ctx, split)
    adapter_id = adapter.id if adapter else None
    seeds = ctx.config.evaluation.seeds
    for k in range(seeds):
        cached = {row["task_id"] for row in ctx.store.db.query(
            "select task_id from episodes where run_id = ? and phase = 'eval' and adapter_id is ? and "
            "attempt_idx = ? and config_hash = ?", [ctx.run.run_id, adapter_id, k, ctx.run.config_hash])}
        todo = [t for t in tasks if t.id not in cached]
        if todo:
            use_adapter(backend, adapter)
            run_tasks(ctx, todo, backend=backend, cycle=cycle, phase="eval", seed_scope=f"eval:{k}",
                      adapter_id=adapter_id, attempt_idx=k)
    passes: dict[str, list[int]] = defaultdict(list)
    ids = {t.id for t in tasks}
    for row in ctx.store.db.query(
            "select task_id, passed from episodes where run_id = ? and phase = 'eval' and adapter_id is ? and "
            "config_hash = ? and attempt_idx < ?", [ctx.run.run_id, adapter_id, ctx.run.config_hash, seeds]):
        if row["task_id"] in ids:
            passes[row["task_id"]].append(row["passed"])
    return {task: 2 * sum(p) >= len(p) for task, p in passes.items()}


def latest_candidate(registry: AdapterRegistry, cycle: int) -> AdapterRecord:
    candidates = [r for r in registry.list() if r.status == "candidate" and r.metadata.get("cycle") == cycle]
    if not candidates:
        raise NoCandidate(f"cycle {cycle}: no candidate adapter to gate (run `sleepy sleep` first)")
    return candidates[-1]


def run_gate(ctx: PhaseContext, *, cycle: int = 0, backend: Any = None, adapter: str | None = None) -> GateDecision:
    """Evaluate, apply every configured gate in order, store the decision, promote only if all pass.

    The candidate is compared with the run's active adapter, or with `adapter` ("base" or an id) when given.
    """
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    done = list(ctx.store.db.query("select * from gate_decisions where run_id = ? and cycle = ?",
                                   [ctx.run.run_id, cycle]))
    if done:  # resumed after the decision was stored: finish the promotion if a crash interrupted it
        row = done[0]
        if row["promoted"] and registry.active_id() != row["candidate_id"]:
            registry.promote(row["candidate_id"])
        return GateDecision(cycle, row["candidate_id"], row["current_id"], bool(row["promoted"]),
                            tuple(GateResult(**r) for r in json.loads(row["results_json"])["gates"]),
                            json.loads(row["results_json"])["rates"])
    candidate = latest_candidate(registry, cycle)
    current = choose_adapter(registry, adapter)
    try:
        registry.validate(candidate.id)
    except InvalidAdapter as exc:
        invalid = GateResult("valid_adapter", False, (str(exc),))
        return _decide(ctx, registry, cycle, candidate, current, (invalid,), {}, {})
    backend = backend if backend is not None else ctx.resolved.backend.build()
    splits = {}
    sizes = {split: suite_size(ctx, split) for split in ctx.config.evaluation.splits}
    for split in ctx.config.evaluation.splits:
        current_outcomes = evaluate(ctx, backend, current, split, cycle)
        candidate_outcomes = evaluate(ctx, backend, candidate, split, cycle)
        splits[split] = PairedOutcomes(current_outcomes, candidate_outcomes)
    use_adapter(backend, current)
    dataset = next(iter(ctx.store.db.query("select * from datasets where hash = ?", [candidate.dataset_hash])), None)
    dataset_filter = json.loads(dataset["filter_json"]) if dataset else {}
    all_tasks = {t.id: t.split for t in ctx.resolved.tasks.build().iter_tasks(split=None)}
    trained = json.loads(dataset["lineage_json"])["sources_per_family"] if dataset else {}
    trained_tasks = _dataset_task_ids(dataset["path"]) if dataset else set()
    gate_input = GateInput(candidate.id, current.id if current else None, splits, dataset_filter,
                           {t: all_tasks.get(t, "unknown") for t in trained_tasks}, sizes)
    results = tuple(g.build().evaluate(gate_input) for g in ctx.resolved.gates)
    rates = {split: {"current": o.rate("current"), "candidate": o.rate("candidate"), "n": len(o.tasks),
                     "total": sizes[split], "fixed": len(o.fixed), "broken": len(o.broken)}
             for split, o in splits.items()}
    return _decide(ctx, registry, cycle, candidate, current, results, rates, trained)


def _decide(ctx: PhaseContext, registry: AdapterRegistry, cycle: int, candidate: AdapterRecord,
            current: AdapterRecord | None, results: tuple[GateResult, ...], rates: dict[str, dict[str, float]],
            trained: dict[str, Any]) -> GateDecision:
    """Store the decision first, then promote or reject (a resumed gate finishes a promotion)."""
    passed = bool(results) and all(r.passed for r in results)
    ctx.store.db.table("gate_decisions").insert({
        "id": uuid.uuid4().hex, "run_id": ctx.run.run_id, "cycle": cycle, "candidate_id": candidate.id,
        "current_id": current.id if current else None, "promoted": int(passed),
        "results_json": json.dumps({"gates": [r.to_json() for r in results], "rates": rates,
                                    "trained_families": trained}),
        "created_at": datetime.now(UTC).isoformat()})
    ctx.store.db.conn.commit()
    if passed:
        registry.promote(candidate.id)
    else:
        registry.reject(candidate.id)
    return GateDecision(cycle, candidate.id, current.id if current else None, passed, results, rates)


def _dataset_task_ids(path: str) -> set[str]:
    from pathlib import Path

    return {json.loads(line)["task_id"] for line in Path(path).read_text().splitlines() if line}
