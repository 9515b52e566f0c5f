"""Build and test a whole Cargo project with cargo, offline, inside sleepy's sandbox; reuse one pristine build.

Model edits and mutants are untrusted code, and so is a project's build script, so every cargo and
test process runs in the same jail as the koans' (bubblewrap, else unshare; sleepy.sandbox):
no network, only /usr (read-only; it may hold a registry directory such as Debian's), the
toolchain (at /toolchain) and the attempt's own copy of the project (at /crate) visible, rlimits
per process, and a cgroup plus a capped scratch tmpfs for the attempt as a whole.

The pristine project is built once (``build_cache``); each attempt copies that project and its
target dir into its scratch dir, writes its changed files (newer than the cached build, so cargo
rebuilds only what depends on them) and runs ``cargo test --no-run`` then each test binary as a
separate confined process (attempt.py). Because the jail always shows the project at /crate and
the toolchain at /toolchain, the paths in cargo's fingerprints are the same in every attempt and
the cache stays valid; without a jail (isolation ``none``) they differ and every attempt rebuilds all.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import attrs

from sleepy.sandbox import scratch
from sleepy.sandbox.budget import budget_overrun
from sleepy.sandbox.cgroup import AttemptGroup, attempt_group
from sleepy.sandbox.isolation import IsolationLevel, Jail, fresh_uid
from sleepy.sandbox.project.attempt import CargoAttempt
from sleepy.sandbox.project.cache import BuildCache, keep_build, tree_bytes
from sleepy.sandbox.project.limits import ProjectLimits
from sleepy.sandbox.project.project import BuildCacheError, CargoProject
from sleepy.sandbox.project.results import ProjectRun, TestSelection
from sleepy.sandbox.result import Outcome
from sleepy.sandbox.startup import start_jail
from sleepy.sandbox.toolchain import Toolchain, ToolchainError
from sleepy.sandbox.watchdog import BudgetWatch

# An attempt replaces source files only; these hold the build's configuration and output.
_PROTECTED_DIRS = frozenset({"target", ".cargo", "tmp"})


class ProjectSandbox:
    """Runs ``cargo test`` on copies of one Cargo project, offline and confined; see the module docstring."""

    def __init__(
        self, limits: ProjectLimits | None = None, isolation: str = "auto", *,
        temp_parent: str | os.PathLike[str] | None = None, toolchain: Toolchain | None = None,
        jobs: int = 1, test_threads: int = 1,
    ) -> None:
        """Pick the isolation now (raises IsolationUnavailable) and find cargo in the toolchain."""
        if jobs < 1 or test_threads < 1:
            raise ValueError("jobs and test_threads must be at least 1")
        self.limits = limits if limits is not None else ProjectLimits()
        self.jail: Jail = start_jail(isolation, self.limits.budget, temp_parent)
        self.toolchain = toolchain if toolchain is not None else Toolchain.discover()
        if not (self.toolchain.sysroot / "bin" / "cargo").is_file():
            raise ToolchainError(f"{self.toolchain.sysroot}/bin/cargo not found: the toolchain has no cargo")
        self.temp_parent = temp_parent
        self.jobs = jobs
        self.test_threads = test_threads

    @property
    def isolation(self) -> IsolationLevel:
        """The isolation level every run of this sandbox gets."""
        return self.jail.level

    def build_cache(self, project: CargoProject, cache_dir: str | Path, *, doc_tests: bool = True) -> BuildCache:
        """Build and test the pristine project once; keep its target dir under ``cache_dir`` for attempts.

        Raises BuildCacheError when the pristine project does not build (its tests may fail: the
        baseline records which, and a task can only use tests that pass here).
        """
        out = Path(cache_dir) / "crate"
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        baseline = self._run(
            project.path, {}, name=project.name, version=project.version, selection=None,
            doc_tests=doc_tests, locked=False, build_wall=self.limits.cache_build_wall_seconds, keep=out,
        )
        if not out.exists():
            raise BuildCacheError(f"{project.path}: the pristine project did not build offline: {baseline.reason}")
        return BuildCache(out, project.name, project.version, baseline, tree_bytes(out))

    def attempt(
        self, cache: BuildCache, files: Mapping[str, str] | None = None, *,
        selection: TestSelection | None = None, doc_tests: bool = False, stdin: bytes | None = None,
    ) -> ProjectRun:
        """Rebuild the cached project with ``files`` (project-relative .rs path -> text) replaced, and test it.

        ``selection`` limits the run to some binaries and tests (and cargo builds only those
        targets); doc tests run only when ``doc_tests`` is set or the selection names ``doc:``.
        ``stdin`` is written to each test binary's standard input (the verdict's secret); cargo,
        rustc and rustdoc read /dev/null.
        """
        files = dict(files or {})
        refused = next((reason for path in files if (reason := _refuse(path)) is not None), None)
        if refused is not None:
            return ProjectRun(Outcome.SANDBOX_VIOLATION, refused, self.jail.level, self.jail.note)
        if cache.size_bytes > self.limits.budget.disk_bytes // 2:
            raise BuildCacheError(
                f"{cache.path}: the cached build takes {cache.size_bytes >> 20} MiB, too much for an attempt's "
                f"{self.limits.budget.disk_bytes >> 20} MiB scratch space (raise limits.budget.disk_bytes)"
            )
        return self._run(
            cache.path, files, name=cache.name, version=cache.version, selection=selection,
            doc_tests=doc_tests, locked=True, build_wall=self.limits.build.wall_seconds, keep=None, stdin=stdin,
        )

    def _run(
        self, source: Path, files: Mapping[str, str], *, name: str, version: str, selection: TestSelection | None,
        doc_tests: bool, locked: bool, build_wall: float, keep: Path | None, stdin: bytes | None = None,
    ) -> ProjectRun:
        uid = fresh_uid() if self.jail.level is not IsolationLevel.NONE else None
        budget = self.limits.budget
        root, capped = scratch.make_root(self.temp_parent, budget.disk_bytes)
        try:
            started = time.monotonic()
            crate = root / "crate"
            try:
                shutil.copytree(source, crate, symlinks=True)
            except OSError as exc:
                raise BuildCacheError(f"{source}: could not copy the project into the scratch dir: {exc}") from None
            (crate / "tmp").mkdir(exist_ok=True)
            (root / "logs").mkdir()
            for rel, text in files.items():
                path = crate / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            if uid is not None:
                root.chmod(0o711)  # the sandbox uid may pass through to crate/, never into logs/
                _give(crate, uid)
            copied = time.monotonic() - started
            with attempt_group(budget.memory_bytes, budget.tasks) as group:
                watch = BudgetWatch(crate, memory_bytes=None if group else budget.memory_bytes,
                                    disk_bytes=None if capped else budget.disk_bytes)
                run = CargoAttempt(self, crate, uid, group, watch, name, version, stdin).run(
                    selection, doc_tests=doc_tests, locked=locked, build_wall=build_wall,
                )
                run = attrs.evolve(_charge_budget(run, group, root if capped else None, self.limits, watch),
                                   copy_seconds=copied)
            # Only a finished build is worth keeping (test binaries ran, or there were none to run).
            built = run.outcome is Outcome.PASSED or bool(run.binaries)
            if keep is not None and built and (crate / "target").is_dir():
                keep_build(source, crate, keep)
            return run
        finally:
            scratch.remove_root(root, capped)


def _charge_budget(
    run: ProjectRun, group: AttemptGroup | None, capped_root: Path | None, limits: ProjectLimits, watch: BudgetWatch,
) -> ProjectRun:
    """Name the attempt budget when the attempt ran into it (the kernel's kill or ENOSPC says less)."""
    reason = budget_overrun(run.outcome, group, capped_root, limits.budget, watch)
    return run if reason is None else attrs.evolve(run, outcome=Outcome.RESOURCE_LIMIT, reason=reason)


def _refuse(path: str) -> str | None:
    """Why an attempt may not replace ``path``: only .rs files of the project, never its build config."""
    parts = PurePosixPath(path).parts
    if (not parts or PurePosixPath(path).is_absolute() or ".." in parts or "\\" in path
            or not path.endswith(".rs") or parts[0] in _PROTECTED_DIRS):
        return f"{path}: only .rs files inside the crate (not under target/, .cargo/ or tmp/) may be replaced"
    return None


def _give(crate: Path, uid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(crate):
        os.chown(dirpath, uid, uid, follow_symlinks=False)
        for entry in dirnames + filenames:
            os.chown(os.path.join(dirpath, entry), uid, uid, follow_symlinks=False)
