"""A cycle: day -> sleep -> gate -> report, each phase recorded when done so a killed cycle resumes.

Cycle 0 runs the base model (nothing is promoted yet), so it measures the baseline.
"""

from __future__ import annotations

import time
from typing import Any

from sleepy.adapters import AdapterRegistry
from sleepy.phases.day import run_day
from sleepy.phases.gate import NoCandidate, evaluate, run_gate, suite_size
from sleepy.phases.model import choose_adapter
from sleepy.phases.setup import PhaseContext
from sleepy.phases.sleep import NothingToLearn, run_sleep
from sleepy.report import write_report

PHASES = ("day", "sleep", "gate", "report")


def finished_phases(ctx: PhaseContext, cycle: int) -> set[str]:
    return ctx.store.finished_phases(ctx.run.run_id, cycle)


def current_cycle(ctx: PhaseContext) -> int:
    """The first cycle whose report is not written yet."""
    done = ctx.store.cycles_with_phase(ctx.run.run_id, "report")
    cycle = 0
    while cycle in done:
        cycle += 1
    return cycle


def _mark(ctx: PhaseContext, cycle: int, phase: str, summary: dict[str, Any]) -> None:
    ctx.store.mark_phase(ctx.run.run_id, cycle, phase, summary)


def run_cycle(ctx: PhaseContext, *, limit: int | None = None, backend: Any = None,
              adapter: str | None = None) -> dict[str, Any]:
    """Run (or resume) the current cycle; returns what each phase did.

    Every phase runs the run's active adapter, or `adapter` ("base" or an id) when given.
    """
    cycle = current_cycle(ctx)
    done = finished_phases(ctx, cycle)
    backend = backend if backend is not None else ctx.resolved.backend.build()
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    ctx.pm.hook.sleepy_cycle_started(run=ctx.run, cycle=cycle)
    summary: dict[str, Any] = {"cycle": cycle}
    started = time.monotonic()
    if "day" not in done:
        day = run_day(ctx, split="train", limit=limit, cycle=cycle, backend=backend, adapter=adapter)
        summary["day"] = {"tasks": day.tasks, "passed": day.passed, "tokens_per_second": day.tokens_per_second}
        _mark(ctx, cycle, "day", summary["day"])
    if "sleep" not in done:
        try:
            slept = run_sleep(ctx, cycle=cycle, backend=backend, adapter=adapter)
            summary["sleep"] = {"dataset": slept.dataset.hash, "examples": slept.dataset.size,
                                "sources": dict(slept.dataset.source_counts),
                                "candidate": slept.candidate.id if slept.candidate else None}
        except NothingToLearn as exc:
            summary["sleep"] = {"examples": 0, "note": str(exc)}
        _mark(ctx, cycle, "sleep", summary["sleep"])
    if "gate" not in done:
        try:
            decision = run_gate(ctx, cycle=cycle, backend=backend, adapter=adapter)
            summary["gate"] = {"candidate": decision.candidate_id, "promoted": decision.promoted,
                               "decision": decision.label, "rates": decision.rates}
        except NoCandidate as exc:
            # Still measure the model in use, so every cycle has its heldout and frozen figures; the report
            # reads "checked" to say when a split was a subset.
            current = choose_adapter(registry, adapter)
            checked = {split: {"n": len(evaluate(ctx, backend, current, split, cycle)),
                               "total": suite_size(ctx, split)} for split in ctx.config.evaluation.splits}
            summary["gate"] = {"candidate": None, "adapter": current.id if current else None, "checked": checked,
                               "note": str(exc)}
        _mark(ctx, cycle, "gate", summary["gate"])
    paths = write_report(ctx.store, ctx.run.run_id, ctx.run_dir.plots)
    summary["report"] = [str(p) for p in paths]
    _mark(ctx, cycle, "report", {"files": summary["report"]})
    summary["seconds"] = time.monotonic() - started
    ctx.pm.hook.sleepy_cycle_finished(run=ctx.run, cycle=cycle, summary=summary)
    return summary
