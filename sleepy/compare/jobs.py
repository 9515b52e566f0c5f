"""Running the arms: one job per (arm, seed), an ordinary run directory driven by `run_cycle`.

A job runs the cycles its run directory has not reported yet, so a killed comparison rerun goes on
where it stopped: finished cycles are skipped without loading a model, and a cycle killed half-way
resumes at its first unfinished phase (`run_cycle`'s own resume). Jobs run one after another in this
process, or with `jobs > 1` in a plain process pool (forked workers inherit the plugin manager); the
Ray executor (executors.py) runs the same `run_job` as Ray tasks.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import yaml
from attrs import frozen

from sleepy.compare.config import Arm, Comparison
from sleepy.errors import SleepyError
from sleepy.fileio import write_atomically
from sleepy.phases.cycle import current_cycle, run_cycle
from sleepy.phases.setup import started_phase
from sleepy.plugins import SleepyPluginManager
from sleepy.run_dir import RunDirectory

COMMAND = "compare"
SHARED_ATTEMPTS = "shared-attempts"  # DIR/shared-attempts: the base model's attempts, made once for every arm


@frozen
class Job:
    """One arm with one seed: its config file, run directory, log and per-cycle measurements."""

    arm: str
    seed: int
    folder: Path  # DIR/arms/<arm>
    cycles: int
    limit: int | None
    allow_no_isolation: bool = False

    @property
    def run_dir(self) -> Path:
        return self.folder / f"seed-{self.seed}"

    @property
    def config_path(self) -> Path:
        return self.folder / f"seed-{self.seed}.yaml"

    @property
    def log(self) -> Path:
        return self.folder / f"seed-{self.seed}.log"

    @property
    def measures(self) -> Path:
        return self.folder / f"seed-{self.seed}.measures.json"


@frozen
class JobOutcome:
    """What a job ended with: the cycles it ran now, or the one-line error that stopped it."""

    job: Job
    ran: tuple[int, ...]
    error: str | None = None
    worker: str | None = None  # host:pid of a Ray task that ran it; None in this process or the local pool


def arm_folder(out: Path, arm: str) -> Path:
    return out / "arms" / arm


def plan(comparison: Comparison, out: Path, *, allow_no_isolation: bool = False) -> list[Job]:
    """Write every arm's description and per-seed config; return the jobs, arms in config order."""
    jobs = []
    for arm in comparison.arms:
        folder = arm_folder(out, arm.name)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / "arm.json", json.dumps(arm_record(arm), indent=2) + "\n")
        for seed in comparison.config.seeds:
            job = Job(arm.name, seed, folder, comparison.config.cycles, comparison.config.limit, allow_no_isolation)
            write_atomically(job.config_path, yaml.safe_dump(arm.config_for(seed), sort_keys=False))
            jobs.append(job)
    return jobs


def arm_record(arm: Arm) -> dict[str, Any]:
    """What `arms/<arm>/arm.json` keeps: an arm dropped from the config later is still listed with it."""
    return {"name": arm.name, "baseline": arm.spec.baseline, "file": str(arm.spec.file) if arm.spec.file else None,
            "fragment": arm.spec.config, "description": arm.describe()}


def finished_cycles(run_dir: Path) -> int:
    """How many cycles (0, 1, ...) in a row the run directory has reported; 0 where nothing ran yet."""
    directory = RunDirectory(run_dir)
    if not directory.database.exists():
        return 0
    store = directory.open_store()
    try:
        runs = store.runs()
        done = store.cycles_with_phase(runs[-1].id, "report") if runs else set()
    finally:
        store.close()
    count = 0
    while count in done:
        count += 1
    return count


def pending(jobs: Iterable[Job]) -> list[Job]:
    """The jobs with cycles still to run; a finished job is not started (no model is loaded for it)."""
    return [job for job in jobs if finished_cycles(job.run_dir) < job.cycles]


# --- peak RSS ------------------------------------------------------------------------------------


def reset_peak_rss() -> bool:
    """Reset this process's peak-RSS mark (Linux: `5` to /proc/self/clear_refs); False where not possible,
    and then the next reading is the peak since the process started."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_bytes() -> int:
    """The peak resident set of this process (getrusage: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _record_measure(job: Job, cycle: int, values: dict[str, Any]) -> None:
    data = json.loads(job.measures.read_text(encoding="utf-8")) if job.measures.exists() else {}
    data[str(cycle)] = values
    write_atomically(job.measures, json.dumps(data, indent=2, sort_keys=True) + "\n")


# --- running -------------------------------------------------------------------------------------


def run_job(pm: SleepyPluginManager, job: Job) -> JobOutcome:
    """Run the job's remaining cycles in this process, its output appended to its log."""
    ran: list[int] = []
    with open(job.log, "a", encoding="utf-8") as log, redirect_stdout(log), redirect_stderr(log):
        try:
            with started_phase(pm, job.config_path, job.run_dir, COMMAND, allow_no_isolation=job.allow_no_isolation,
                               shared_attempts=job.folder.parent.parent / SHARED_ATTEMPTS) as ctx:
                while (cycle := current_cycle(ctx)) < job.cycles:
                    reset = reset_peak_rss()
                    summary = run_cycle(ctx, limit=job.limit)
                    _record_measure(job, cycle, {"peak_rss_bytes": peak_rss_bytes(), "peak_since_cycle_start": reset,
                                                 "seconds": summary.seconds})
                    ran.append(cycle)
                    log.flush()
        except SleepyError as exc:
            print(f"sleepy: error: {exc}", file=log)
            return JobOutcome(job, tuple(ran), str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return JobOutcome(job, tuple(ran))


def _run_in_worker(job: Job) -> JobOutcome:
    return run_job(_WORKER_PM[0], job)


_WORKER_PM: list[SleepyPluginManager] = []  # the parent's manager, inherited by forked workers


def run_jobs(pm: SleepyPluginManager, jobs: list[Job], *, workers: int,
             on_done: Callable[[JobOutcome], None] = lambda _: None) -> list[JobOutcome]:
    """Run every job, each in a forked process of its own, `workers` at a time.

    A process per job, even one at a time: its peak RSS is its own (memory an earlier arm's model and
    optimizer left allocated would otherwise count against the next arm), the memory goes back to the
    system when it ends, and a job killed for memory fails alone while the others go on.
    """
    _WORKER_PM[:] = [pm]  # fork: the child gets the plugin manager as this process has it (run-time plugins too)
    outcomes: list[JobOutcome] = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            outcomes.append(_run_isolated(job))
            on_done(outcomes[-1])
        return outcomes
    with ThreadPoolExecutor(max_workers=workers) as threads:  # each thread waits on one job's process
        for outcome in threads.map(_run_isolated, jobs):
            outcomes.append(outcome)
            on_done(outcome)
    return outcomes


def _run_isolated(job: Job) -> JobOutcome:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as process:
        try:
            return process.submit(_run_in_worker, job).result()
        except Exception as exc:  # the process died (killed, out of memory): the other jobs go on
            return JobOutcome(job, (), f"{type(exc).__name__}: {exc}")
