"""What runs a task's files and judges them: the koan sandbox, or a Cargo project's for crate tasks.

A koan's one file is the whole crate (`sleepy.sandbox.Sandbox`); a crate task's one file is part of
a project whose other files, dependencies and tests stay pristine (`Task.project`, docs/crates.md).
The agent's tools call `run(files, mode)` and the episode calls `judge(files)` either way, so the loop,
the tools and the store have one code path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from attrs import frozen

from sleepy.errors import SleepyError
from sleepy.records import Task
from sleepy.sandbox import Mode, Outcome, Sandbox, SandboxResult
from sleepy.sandbox.project import BuildCache, CargoProject, ProjectSandbox
from sleepy.verdict import judge
from sleepy.verdict.project_judge import judge_project, project_result


class TaskSandbox(Protocol):
    """Runs one task's candidate files (the `run` and `rustfix` tools) and gives the pass verdict."""

    def run(self, files: Mapping[str, str], mode: Mode) -> SandboxResult: ...

    def judge(self, files: Mapping[str, str]) -> SandboxResult: ...


@frozen
class KoanSandbox:
    """A koan: the file is the crate; `sleepy.verdict.judge` decides."""

    sandbox: Sandbox
    task: Task

    def run(self, files: Mapping[str, str], mode: Mode) -> SandboxResult:
        return self.sandbox.run(files, mode, target=self.task.target)

    def judge(self, files: Mapping[str, str]) -> SandboxResult:
        return judge(self.sandbox, self.task, files)


@frozen
class CrateTaskSandbox:
    """A crate task: its file rebuilt over the pristine project's cached build; `judge_project` decides."""

    sandbox: ProjectSandbox
    cache: BuildCache
    task: Task

    def run(self, files: Mapping[str, str], mode: Mode) -> SandboxResult:
        """Build the project with ``files`` and run the task's deciding tests (any mode: clippy is not
        offered for a project, and building is what a check would do)."""
        project = self.task.project
        assert project is not None  # built only for crate tasks (ProjectBuilds.sandbox_for)
        if mode is Mode.CLIPPY:
            return SandboxResult(Outcome.SANDBOX_VIOLATION, mode, self.sandbox.jail.level, self.sandbox.jail.note,
                                 reason="clippy is not run on a crate task; use check or test")
        return project_result(self.sandbox.attempt(self.cache, files, selection=project.tests))

    def judge(self, files: Mapping[str, str]) -> SandboxResult:
        return judge_project(self.sandbox, self.cache, self.task, files)


class ProjectBuildError(SleepyError):
    """A crate task's pristine project could not be read or built."""


class ProjectBuilds:
    """The pristine build of each project the run's crate tasks use, made once (keyed by its digest).

    The project sandbox is made on first use, so a run of koans alone never builds one.
    """

    def __init__(self, make_sandbox: Callable[[], ProjectSandbox], cache_root: Path) -> None:
        self._make_sandbox = make_sandbox
        self._sandbox: ProjectSandbox | None = None
        self.cache_root = cache_root
        self._caches: dict[str, BuildCache] = {}
        self._lock = threading.Lock()  # episodes are made from several threads: build each project once

    def sandbox_for(self, task: Task) -> CrateTaskSandbox:
        """The crate task's sandbox over its project's pristine build (built now if it is the first)."""
        project = task.project
        if project is None:
            raise ValueError(f"task {task.id} is a koan: it has no project to build")
        with self._lock:
            if self._sandbox is None:
                self._sandbox = self._make_sandbox()
            cache = self._caches.get(project.digest)
            if cache is None:
                try:
                    cargo = CargoProject.read(Path(project.root))
                    cache = self._sandbox.build_cache(cargo, self.cache_root / project.digest, doc_tests=False)
                except SleepyError as exc:
                    raise ProjectBuildError(f"task {task.id}: project {project.root}: {exc}") from exc
                self._caches[project.digest] = cache
            return CrateTaskSandbox(self._sandbox, cache, task)


def sandbox_for(task: Task, sandbox: Sandbox, projects: ProjectBuilds | None) -> TaskSandbox:
    """The task's sandbox: the koan one, or (for a crate task) its project's over the cached build."""
    if task.project is None:
        return KoanSandbox(sandbox, task)
    if projects is None:
        raise ProjectBuildError(f"task {task.id} is a crate task, but this run has no project sandbox")
    return projects.sandbox_for(task)
