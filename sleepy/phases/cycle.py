"""A cycle: day -> sleep -> gate -> report, each phase recorded when done so a killed cycle resumes.

Cycle 0 runs the base model (nothing is promoted yet), so it measures the baseline.
"""

from __future__ import annotations

import time
from typing import Any

from sleepy.adapters import AdapterRegistry
from sleepy.phases.day import DaySummary, run_day
from sleepy.phases.gate import GateDecision, NoCandidate, evaluate, run_gate, suite_size
from sleepy.phases.model import choose_adapter
from sleepy.phases.setup import PhaseContext
from sleepy.phases.sleep import NothingToLearn, SleepSummary, run_sleep
from sleepy.phases.summaries import (
    CycleSummary,
    GateSkipped,
    SleepSkipped,
    SplitChecked,
    day_json,
    gate_json,
    report_json,
    sleep_json,
)
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


def run_cycle(ctx: PhaseContext, *, limit: int | None = None, adapter: str | None = None) -> CycleSummary:
    """Run (or resume) the current cycle; returns what each phase did.

    Every phase runs the run's active adapter, or `adapter` ("base" or an id) when given.
    """
    cycle = current_cycle(ctx)
    done = finished_phases(ctx, cycle)
    ctx.pm.hook.sleepy_cycle_started(run=ctx.run, cycle=cycle)
    started = time.monotonic()
    day: DaySummary | None = None
    slept: SleepSummary | SleepSkipped | None = None
    gate: GateDecision | GateSkipped | None = None
    if "day" not in done:
        day = run_day(ctx, split="train", limit=limit, cycle=cycle, adapter=adapter)
        _mark(ctx, cycle, "day", day_json(day))
    if "sleep" not in done:
        try:
            slept = run_sleep(ctx, cycle=cycle, adapter=adapter)
        except NothingToLearn as exc:
            slept = SleepSkipped(str(exc))
        _mark(ctx, cycle, "sleep", sleep_json(slept))
    if "gate" not in done:
        try:
            gate = run_gate(ctx, cycle=cycle, adapter=adapter)
        except NoCandidate as exc:
            gate = _measure_current(ctx, cycle, adapter, str(exc))
        _mark(ctx, cycle, "gate", gate_json(gate))
    paths = tuple(write_report(ctx.store, ctx.run.run_id, ctx.run_dir.plots))
    _mark(ctx, cycle, "report", {"files": report_json(paths)})
    summary = CycleSummary(cycle, day, slept, gate, paths, time.monotonic() - started)
    ctx.pm.hook.sleepy_cycle_finished(run=ctx.run, cycle=cycle, summary=summary.to_json())
    return summary


def _measure_current(ctx: PhaseContext, cycle: int, adapter: str | None, note: str) -> GateSkipped:
    """Still measure the model in use, so every cycle has its heldout and frozen figures; the report reads
    "checked" to say when a split was a subset."""
    current = choose_adapter(AdapterRegistry(ctx.run_dir.adapters, ctx.store), adapter)
    checked = {split: SplitChecked(len(evaluate(ctx, ctx.backend, current, split, cycle)), suite_size(ctx, split))
               for split in ctx.config.evaluation.splits}
    return GateSkipped(note, current.id if current else None, checked)
