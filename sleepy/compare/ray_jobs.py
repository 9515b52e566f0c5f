"""The jobs as Ray tasks: one task per (arm, seed), gathered as they finish; Ray is imported only when used.

A task runs `run_job` in a Ray worker process of its own (`max_calls=1`: a model it loaded leaves with
the process) and writes the run directory itself, so DIR must be at the same path on every node that
runs tasks: the same machine for a local instance, shared storage on a cluster. A task that dies is
not retried (like the local pool; rerunning the comparison resumes it) and is an outcome with its error.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

from attrs import evolve

from sleepy.compare.executors import ExecutorError
from sleepy.compare.jobs import Job, JobOutcome, run_job
from sleepy.compare.worker_plugins import WorkerPlugins
from sleepy.errors import SleepyError
from sleepy.plugins import SleepyPluginManager


def run_in_worker(job: Job, plugins: WorkerPlugins, cwd: str) -> JobOutcome:
    """The task's body: the driver's plugins rebuilt here, then the job; says where it ran."""
    if os.path.isdir(cwd):  # relative paths in a run config (a koans path) mean what they mean to the driver
        os.chdir(cwd)
    try:
        outcome = run_job(plugins.build(), job)
    except SleepyError as exc:  # the plugins could not be rebuilt here
        outcome = JobOutcome(job, (), str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return evolve(outcome, worker=f"{socket.gethostname()}:{os.getpid()}")


def _error_line(exc: BaseException) -> str:
    """A dead task's error in one line (Ray's messages carry the remote traceback)."""
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _connect(address: str | None) -> bool:
    """Connect to (or start) Ray unless this process already did; True where this call did it."""
    import ray  # here, not at the top: this module imports without the extra (only the executor needs Ray)

    if ray.is_initialized():
        return False
    try:
        ray.init(address=address)
    except Exception as exc:  # ConnectionError, a bad address, ...: one line, not Ray's traceback
        raise ExecutorError(f"--address {address or '(none)'}: could not connect to Ray: {_error_line(exc)}") from exc
    return True


def run_on_ray(pm: SleepyPluginManager, jobs: list[Job], *, address: str | None, cpus: float, gpus: float,
               on_done: Callable[[JobOutcome], None]) -> list[JobOutcome]:
    """Submit every job as a task, call `on_done` as each finishes; outcomes in the jobs' order."""
    import ray

    if not jobs:
        return []
    started = _connect(address)
    try:
        plugins = WorkerPlugins.of(pm)
        try:
            plugins_ref = ray.put(plugins)
        except Exception as exc:  # a plugin registered at run time that cannot be pickled
            names = ", ".join(name for name, _ in plugins.extras)
            raise ExecutorError(f"plugin(s) {names} registered at run time cannot be sent to Ray workers "
                                f"({_error_line(exc)}): install them as entry-point plugins") from exc
        task = ray.remote(num_cpus=cpus, num_gpus=gpus, max_retries=0, max_calls=1)(run_in_worker)
        refs: dict[Any, Job] = {task.remote(job, plugins_ref, os.getcwd()): job for job in jobs}
        return _gather(refs, jobs, on_done)
    finally:
        if started:
            ray.shutdown()


def _gather(refs: dict[Any, Job], jobs: list[Job], on_done: Callable[[JobOutcome], None]) -> list[JobOutcome]:
    import ray

    outcomes: dict[Job, JobOutcome] = {}
    waiting = list(refs)
    try:
        while waiting:
            done, waiting = ray.wait(waiting, num_returns=1)
            for ref in done:
                job = refs[ref]
                try:
                    outcome = ray.get(ref)
                except Exception as exc:  # the task died (worker killed, out of memory): the others go on
                    outcome = JobOutcome(job, (), _error_line(exc))
                outcomes[job] = outcome
                on_done(outcome)
    except BaseException:  # Ctrl-C: stop the tasks still running, so a resume does not race them
        for ref in waiting:
            ray.cancel(ref, force=True)
        raise
    return [outcomes[job] for job in jobs]
