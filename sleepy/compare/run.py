"""A comparison from start (or resume) to its report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from attrs import frozen

from sleepy.compare.config import Comparison
from sleepy.compare.executors import Executor, LocalExecutor
from sleepy.compare.jobs import JobOutcome, arm_folder, finished_cycles, pending, plan
from sleepy.compare.measure import arm_seeds, measure_arm
from sleepy.compare.report import comparison_json, write_comparison
from sleepy.plugins import SleepyPluginManager

LOCAL = LocalExecutor()


@frozen
class CompareResult:
    """The files written and the (arm, seed) jobs that failed, with their one-line errors."""

    files: tuple[Path, ...]
    failed: tuple[str, ...]


def _status(comparison: Comparison, out: Path, errors: dict[str, list[str]]) -> dict[str, str]:
    cycles, seeds = comparison.config.cycles, comparison.config.seeds
    status = {}
    for arm in comparison.arms:
        done = [min(finished_cycles(arm_folder(out, arm.name) / f"seed-{s}"), cycles) for s in seeds]
        if errors.get(arm.name):
            status[arm.name] = "failed: " + "; ".join(errors[arm.name])
        elif all(d == cycles for d in done):
            status[arm.name] = f"complete ({len(seeds)} seed(s) x {cycles} cycle(s))"
        else:
            status[arm.name] = f"incomplete ({sum(done)} of {len(seeds) * cycles} (seed, cycle) runs finished)"
    return status


def run_comparison(pm: SleepyPluginManager, comparison: Comparison, out: Path, *,
                   executor: Executor = LOCAL, allow_no_isolation: bool = False,
                   on_done: Callable[[JobOutcome], None] = lambda _: None) -> CompareResult:
    """Run every (arm, seed) with cycles still to run, then measure every arm in `out` (those of earlier
    configs too, so the report lists every arm tried) and write the report. `executor` runs the jobs
    (default: one after another in this process)."""
    out = out.resolve()  # adapter paths are stored absolute, whatever the working directory of a resume
    jobs = plan(comparison, out, allow_no_isolation=allow_no_isolation)
    outcomes = executor.run(pm, pending(jobs), on_done)
    errors: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.error is not None:
            errors.setdefault(outcome.job.arm, []).append(f"seed {outcome.job.seed}: {outcome.error}")
    names = [arm.name for arm in comparison.arms]
    earlier = sorted(p.name for p in (out / "arms").iterdir() if p.is_dir() and p.name not in names)
    figures = [measure_arm(arm_folder(out, name), list(comparison.config.seeds)) for name in names]
    figures += [measure_arm(arm_folder(out, name), arm_seeds(arm_folder(out, name))) for name in earlier]
    data = comparison_json(figures, source=str(comparison.source), seeds=list(comparison.config.seeds),
                           cycles=comparison.config.cycles, status=_status(comparison, out, errors),
                           in_config=set(names))
    files = write_comparison(data, out)
    return CompareResult(tuple(files), tuple(f"{arm}: {e}" for arm, es in errors.items() for e in es))
