"""What every phase builds from a config: resolved strategies, the run directory, the sandbox.

A started run builds each part once (the registry, the sandbox, the task source, the tools, the
backends) and every phase of every cycle of that command uses the same one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import click
from attrs import frozen

from sleepy.agent.task_sandbox import ProjectBuilds
from sleepy.config import ResolvedConfig, SleepyConfig, load_config, resolve
from sleepy.errors import ConfigError
from sleepy.events import RunInfo
from sleepy.phases.shared_attempts import SharedAttempts
from sleepy.phases.tasks import TaskCatalog
from sleepy.plugins import SleepyPluginManager
from sleepy.registry import Registry, StrategyKind
from sleepy.run_dir import RunDirectory
from sleepy.run_lock import hold_run_dir
from sleepy.sandbox import Limits, ProcessLimits, Sandbox
from sleepy.sandbox.limits import COMPILE_LIMITS, MIB
from sleepy.sandbox.project import ProjectSandbox
from sleepy.store import EpisodeStore
from sleepy.version import sleepy_version

UNSAFE_ISOLATION_FLAG = "--unsafe-no-isolation"


@frozen
class PhaseContext:
    """A started run: its config, directory, store, the plugin manager that observes it, and what the
    phases build from the config, each built once (what not every command needs, on first use)."""

    pm: SleepyPluginManager
    resolved: ResolvedConfig
    run_dir: RunDirectory
    run: RunInfo
    store: EpisodeStore
    registry: Registry
    sandbox: Sandbox
    shared_attempts: SharedAttempts | None = None
    """Where runs that would make identical attempts share them (the arms of a comparison); None: nowhere."""

    @property
    def config(self) -> SleepyConfig:
        return self.resolved.config

    @cached_property
    def backend(self) -> Any:
        """The configured model backend, loaded on first use: a resumed cycle past its model work loads none."""
        return self.resolved.backend.build()

    @cached_property
    def teacher(self) -> Any:
        """The teacher backend (`curation.teacher`), loaded on first use; None when the config has none."""
        return self.resolved.teacher.build() if self.resolved.teacher is not None else None

    @cached_property
    def projects(self) -> ProjectBuilds:
        """The pristine builds of crate tasks' projects, under the run dir (the project sandbox on first use)."""
        config = self.config
        return ProjectBuilds(lambda: ProjectSandbox(isolation=config.sandbox.isolation),
                             Path(self.run_dir.path) / "project-builds")

    @cached_property
    def tasks(self) -> TaskCatalog:
        """The configured task source's tasks, by split."""
        return TaskCatalog(self.resolved.tasks.build())

    @cached_property
    def router(self) -> Any:
        """The configured router (`router`), built once; None when the config sets none."""
        return self.resolved.router.build() if self.resolved.router is not None else None

    @cached_property
    def tools(self) -> dict[str, Any]:
        """The agent's tools by name."""
        return build_tools(self.resolved, self.registry)


def build_sandbox(config: SleepyConfig) -> Sandbox:
    """The sandbox with the config's limits."""
    limits = Limits(
        run=ProcessLimits(wall_seconds=config.sandbox.wall_seconds,
                          cpu_seconds=max(1, int(config.sandbox.wall_seconds)),
                          memory_bytes=config.sandbox.memory_mb * MIB),
        compile=ProcessLimits(wall_seconds=config.sandbox.compile_wall_seconds,
                              cpu_seconds=max(1, int(config.sandbox.compile_wall_seconds)),
                              memory_bytes=COMPILE_LIMITS.memory_bytes, file_bytes=COMPILE_LIMITS.file_bytes,
                              processes=COMPILE_LIMITS.processes),
    )
    return Sandbox(limits, isolation=config.sandbox.isolation)


def build_tools(resolved: ResolvedConfig, registry: Registry) -> dict[str, Any]:
    """The configured tools by name, or every registered tool when the config lists none."""
    if resolved.tools:
        return {t.spec.name: t.build() for t in resolved.tools}
    return {spec.name: spec.build(spec.options()) for spec in registry.specs(StrategyKind.TOOL)}


def refuse_unsafe_isolation(config: SleepyConfig, source: str, *, allow_no_isolation: bool) -> None:
    """A config alone may not turn the sandbox off: ``isolation: none`` needs the command-line flag too."""
    if config.sandbox.isolation == "none" and not allow_no_isolation:
        who = "as root" if os.geteuid() == 0 else "as this user"
        raise ConfigError(source, [
            f"$.sandbox.isolation: `none` runs model-written code unconfined ({who}); pass {UNSAFE_ISOLATION_FLAG} "
            "to accept that, or use auto, bwrap or unshare"
        ])


@contextmanager
def started_phase(
    pm: SleepyPluginManager, config_path: Path, run_dir: Path, command: str, *, allow_no_isolation: bool = False,
    first_line: Callable[[PhaseContext], str] | None = None, shared_attempts: Path | None = None,
) -> Iterator[PhaseContext]:
    """Resolve the config, hold the run directory, start (or resume) the run, register reporters.

    ``first_line`` (which model and adapter the command runs) is printed first, then the isolation.
    A config that is refused leaves no run directory behind.
    """
    registry = Registry.collect(pm)
    resolved = resolve(load_config(config_path), registry, str(config_path))
    refuse_unsafe_isolation(resolved.config, str(config_path), allow_no_isolation=allow_no_isolation)
    # Picking the isolation now fails early where none is available, and says which one this run gets.
    sandbox = build_sandbox(resolved.config)
    shared = SharedAttempts(shared_attempts) if shared_attempts is not None else None
    with hold_run_dir(run_dir), _started_phase(pm, resolved, registry, sandbox, run_dir, command, shared) as ctx:
        if first_line is not None:
            click.echo(first_line(ctx))
        click.echo(f"sleepy: sandbox isolation {sandbox.isolation.value}: {sandbox.jail.note}", err=True)
        yield ctx


@contextmanager
def _started_phase(
    pm: SleepyPluginManager, resolved: ResolvedConfig, registry: Registry, sandbox: Sandbox, run_dir: Path,
    command: str, shared: SharedAttempts | None = None,
) -> Iterator[PhaseContext]:
    """Start (or resume) the run, register reporters; finish hooks on the way out."""
    directory = RunDirectory(run_dir)
    run, store = directory.start(resolved, command=command, version=sleepy_version())
    directory.record_isolation(sandbox.isolation.value, sandbox.jail.note, command=command)
    reporters = [r.build() for r in resolved.reporters]
    for index, reporter in enumerate(reporters):
        pm.register(reporter, name=f"reporter:{index}:{run.run_id}")
    status = "failed"
    try:
        pm.hook.sleepy_run_started(run=run)
        yield PhaseContext(pm, resolved, directory, run, store, registry, sandbox, shared)
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        pm.hook.sleepy_run_finished(run=run, status=status)
        for reporter in reporters:
            pm.unregister(reporter)
        store.close()
