"""Where the (arm, seed) jobs run: a local process pool (the default), or tasks on a Ray cluster.

The choice is checked here, before anything runs; Ray is imported only by the Ray executor
(`sleepy.compare.ray_jobs`), so the core install needs no Ray.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from attrs import frozen

from sleepy.compare.jobs import Job, JobOutcome, run_jobs
from sleepy.errors import SleepyError
from sleepy.plugins import SleepyPluginManager

EXECUTORS = ("local", "ray")
RAY_EXTRA = "pip install 'sleepy-coder[ray]'"


class ExecutorError(SleepyError):
    """An executor asked for with options it does not take, or one that cannot start."""

    exit_code = 2


class Executor(Protocol):
    def describe(self) -> str:
        """How the jobs run, for the first line `sleepy compare` prints."""
        ...

    def run(self, pm: SleepyPluginManager, jobs: list[Job],
            on_done: Callable[[JobOutcome], None]) -> list[JobOutcome]:
        """Run every job; `on_done` for each as it ends; one outcome per job, in the jobs' order."""
        ...


@frozen
class LocalExecutor:
    """In this process one after another, or a pool of `workers` forked processes (jobs.run_jobs)."""

    workers: int = 1

    def describe(self) -> str:
        return f"{self.workers} at a time"

    def run(self, pm: SleepyPluginManager, jobs: list[Job],
            on_done: Callable[[JobOutcome], None]) -> list[JobOutcome]:
        return run_jobs(pm, jobs, workers=self.workers, on_done=on_done)


@frozen
class RayExecutor:
    """One Ray task per job, scheduled by Ray on the resources each job asks for."""

    address: str | None = None  # None: ray.init()'s own choice (RAY_ADDRESS, else a new local instance)
    cpus: float = 1.0
    gpus: float = 0.0

    def describe(self) -> str:
        where = self.address or "RAY_ADDRESS or a new local instance"
        gpus = f", {self.gpus:g} GPU(s)" if self.gpus else ""
        return f"as Ray tasks on {where}, {self.cpus:g} CPU(s){gpus} per run"

    def run(self, pm: SleepyPluginManager, jobs: list[Job],
            on_done: Callable[[JobOutcome], None]) -> list[JobOutcome]:
        from sleepy.compare.ray_jobs import run_on_ray  # imports ray: only when Ray is asked for

        return run_on_ray(pm, jobs, address=self.address, cpus=self.cpus, gpus=self.gpus, on_done=on_done)


def ray_installed() -> bool:
    try:
        importlib.import_module("ray")
    except ImportError:
        return False
    return True


def choose_executor(name: str, *, jobs: int | None = None, address: str | None = None, ray_cpus: float | None = None,
                    ray_gpus: float | None = None) -> Executor:
    """The executor `--executor NAME` with its options; an option of the other executor is an error, not ignored."""
    if name not in EXECUTORS:
        raise ExecutorError(f"--executor: expected one of {', '.join(EXECUTORS)}, got {name!r}")
    if name == "local":
        given = [flag for flag, value in (("--address", address), ("--ray-cpus", ray_cpus), ("--ray-gpus", ray_gpus))
                 if value is not None]
        if given:
            raise ExecutorError(f"{', '.join(given)}: only with --executor ray (the local executor runs the jobs "
                                "on this machine; --jobs sets how many at once)")
        return LocalExecutor(workers=1 if jobs is None else jobs)
    if jobs is not None:
        raise ExecutorError("--jobs: only with --executor local; Ray runs as many jobs at once as the cluster has "
                            "resources for (--ray-cpus and --ray-gpus: what each job asks for)")
    if not ray_installed():
        raise ExecutorError(f"--executor ray: Ray is not installed; install the extra: {RAY_EXTRA}")
    return RayExecutor(address=address or None, cpus=1.0 if ray_cpus is None else ray_cpus,
                       gpus=0.0 if ray_gpus is None else ray_gpus)
