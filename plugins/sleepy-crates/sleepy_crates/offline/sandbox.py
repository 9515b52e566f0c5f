"""Build and test a whole crate with cargo, offline, inside sleepy's sandbox; reuse one pristine build.

Mutants and model edits are untrusted code, and so is a crate's build script, so every cargo and
test process runs in the same jail as the koans' (bubblewrap, else unshare; sleepy.sandbox):
no network, only /usr (which holds the registry directory, read-only), the toolchain (at
/toolchain) and the attempt's own copy of the crate (at /crate) visible, rlimits per process,
and a cgroup plus a capped scratch tmpfs for the attempt as a whole.

The pristine crate is built once (``build_cache``); each attempt copies that crate and its
target dir into its scratch dir, writes its changed files (newer than the cached build, so cargo
rebuilds only what depends on them) and runs ``cargo test --no-run`` then each test binary as a
separate confined process. Because the jail always shows the crate at /crate and the toolchain
at /toolchain, the paths in cargo's fingerprints are the same in every attempt and the cache
stays valid; without a jail (isolation ``none``) they differ and every attempt rebuilds all.
"""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

import attrs
from attrs import frozen

from sleepy.sandbox import (
    IsolationLevel,
    Limits,
    Outcome,
    ProcessLimits,
    Toolchain,
    ToolchainError,
    cgroup,
    parse_libtest,
    scratch,
)
from sleepy.sandbox.cgroup import AttemptGroup, attempt_group
from sleepy.sandbox.isolation import Jail, base_env, fresh_uid, select_jail
from sleepy.sandbox.process import ConfinedProcess, ProcessReport
from sleepy.sandbox.verdict import compile_verdict, run_verdict, signal_name
from sleepy.sandbox.watchdog import BudgetWatch
from sleepy_crates.offline.cargo_output import CargoBuild, binary_key, keyed_cases, parse_cargo_json
from sleepy_crates.offline.errors import CrateCacheError
from sleepy_crates.offline.limits import CrateLimits
from sleepy_crates.offline.results import BinaryRun, CrateRun, TestCase
from sleepy_crates.offline.workcopy import PreparedCrate

# Cargo's home (its package-cache lock) lives in the target dir: writable, and copied with it.
_CARGO_HOME = "target/sleepy-cargo-home"
_TARGET_FLAGS = {"lib": ("--lib",), "test": ("--test",), "bin": ("--bin",), "example": ("--example",),
                 "bench": ("--bench",)}
_SEVERITY = (Outcome.TIMEOUT, Outcome.RESOURCE_LIMIT, Outcome.TEST_FAILURE)
_PROTECTED_DIRS = frozenset({"target", ".cargo", "tmp"})

# Test selection: binary key -> exact test names (empty: every test of that binary).
Selection = Mapping[str, Sequence[str]]
_Judged = tuple[BinaryRun, tuple[TestCase, ...]]


@frozen
class BuildCache:
    """A crate built once, pristine: its source, Cargo.lock and target dir under ``path``, and its tests' results."""

    path: Path
    name: str
    version: str
    baseline: CrateRun
    size_bytes: int


class CrateSandbox:
    """Runs ``cargo test`` on copies of one crate, offline and confined; see the module docstring."""

    def __init__(
        self, limits: CrateLimits | None = None, isolation: str = "auto", *,
        temp_parent: str | os.PathLike[str] | None = None, toolchain: Toolchain | None = None,
        jobs: int = 1, test_threads: int = 1,
    ) -> None:
        """Pick the isolation now (raises IsolationUnavailable) and find cargo in the toolchain."""
        if jobs < 1 or test_threads < 1:
            raise ValueError("jobs and test_threads must be at least 1")
        self.limits = limits if limits is not None else CrateLimits()
        self.jail: Jail = select_jail(isolation)
        budget = self.limits.budget
        self.jail.note = (f"{self.jail.note}; {cgroup.describe_support()}; "
                          f"{scratch.describe_support(budget.disk_bytes)}")
        cgroup.remove_stale_groups()
        scratch.remove_stale(temp_parent)
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

    def build_cache(self, prepared: PreparedCrate, cache_dir: str | Path, *, doc_tests: bool = True) -> BuildCache:
        """Build and test the pristine crate once; keep its target dir under ``cache_dir`` for attempts.

        Raises CrateCacheError when the pristine crate does not build (its tests may fail: the
        baseline records which, and a task can only use tests that pass here).
        """
        out = Path(cache_dir) / "crate"
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        baseline = self._run(
            prepared.path, {}, name=prepared.source.name, version=prepared.source.version, selection=None,
            doc_tests=doc_tests, locked=False, build_wall=self.limits.cache_build_wall_seconds, keep=out,
        )
        if not out.exists():
            raise CrateCacheError(f"{prepared.path}: the pristine crate did not build offline: {baseline.reason}")
        return BuildCache(out, prepared.source.name, prepared.source.version, baseline, _tree_bytes(out))

    def attempt(
        self, cache: BuildCache, files: Mapping[str, str] | None = None, *,
        selection: Selection | None = None, doc_tests: bool = False,
    ) -> CrateRun:
        """Rebuild the cached crate with ``files`` (crate-relative .rs path -> text) replaced, and test it.

        ``selection`` limits the run to some binaries and tests (and cargo builds only those
        targets); doc tests run only when ``doc_tests`` is set or the selection names ``doc:``.
        """
        files = dict(files or {})
        refused = next((reason for path in files if (reason := _refuse(path)) is not None), None)
        if refused is not None:
            return CrateRun(Outcome.SANDBOX_VIOLATION, refused, self.jail.level, self.jail.note)
        if cache.size_bytes > self.limits.budget.disk_bytes // 2:
            raise CrateCacheError(
                f"{cache.path}: the cached build takes {cache.size_bytes >> 20} MiB, too much for an attempt's "
                f"{self.limits.budget.disk_bytes >> 20} MiB scratch space (raise limits.budget.disk_bytes)"
            )
        return self._run(
            cache.path, files, name=cache.name, version=cache.version, selection=selection,
            doc_tests=doc_tests, locked=True, build_wall=self.limits.build.wall_seconds, keep=None,
        )

    def _run(
        self, source: Path, files: Mapping[str, str], *, name: str, version: str, selection: Selection | None,
        doc_tests: bool, locked: bool, build_wall: float, keep: Path | None,
    ) -> CrateRun:
        uid = fresh_uid() if self.jail.level is not IsolationLevel.NONE else None
        budget = self.limits.budget
        root, capped = scratch.make_root(self.temp_parent, budget.disk_bytes)
        try:
            started = time.monotonic()
            crate = root / "crate"
            try:
                shutil.copytree(source, crate, symlinks=True)
            except OSError as exc:
                raise CrateCacheError(f"{source}: could not copy the crate into the scratch dir: {exc}") from None
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
                run = _Attempt(self, crate, uid, group, watch, name, version).run(
                    selection, doc_tests=doc_tests, locked=locked, build_wall=build_wall,
                )
                run = attrs.evolve(_charge_budget(run, group, root if capped else None, self.limits, watch),
                                   copy_seconds=copied)
            # Only a finished build is worth keeping (test binaries ran, or there were none to run).
            built = run.outcome is Outcome.PASSED or bool(run.binaries)
            if keep is not None and built and (crate / "target").is_dir():
                _keep(source, crate, keep)
            return run
        finally:
            scratch.remove_root(root, capped)


class _Attempt:
    """One build-and-test inside a prepared scratch dir."""

    def __init__(
        self, sandbox: CrateSandbox, crate: Path, uid: int | None, group: AttemptGroup | None, watch: BudgetWatch,
        name: str, version: str,
    ) -> None:
        self.box = sandbox
        self.crate = crate
        self.uid = uid
        self.group = group
        self.watch = watch if watch.memory_bytes is not None or watch.disk_bytes is not None else None
        jail, toolchain = sandbox.jail, sandbox.toolchain
        self.inside = jail.crate_path(crate)
        self.tools = f"{jail.toolchain_path(toolchain.sysroot)}/bin"
        self.build_env = base_env(self.inside) | {
            "PATH": f"{self.tools}:/usr/bin:/bin", "CARGO_HOME": f"{self.inside}/{_CARGO_HOME}",
            "RUSTC": f"{self.tools}/rustc", "RUSTDOC": f"{self.tools}/rustdoc",
            "CARGO_TERM_COLOR": "never", "CARGO_TERM_PROGRESS_WHEN": "never",
        }
        # What `cargo test` itself gives a test binary it runs.
        self.run_env = base_env(self.inside) | {
            "CARGO": f"{self.tools}/cargo", "CARGO_MANIFEST_DIR": self.inside,
            "CARGO_PKG_NAME": name, "CARGO_PKG_VERSION": version,
            "LD_LIBRARY_PATH": f"{self.inside}/target/debug/deps:{jail.toolchain_path(toolchain.sysroot)}/lib",
        }
        self.run_limits = Limits(run=sandbox.limits.run, output_bytes=sandbox.limits.output_bytes)
        self.doc_limits = Limits(run=sandbox.limits.build, output_bytes=sandbox.limits.output_bytes)

    def run(self, selection: Selection | None, *, doc_tests: bool, locked: bool, build_wall: float) -> CrateRun:
        box = self.box
        mode = "--frozen" if locked else "--offline"
        command = [f"{self.tools}/cargo", "test", "--no-run", "--message-format=json", mode,
                   "--jobs", str(box.jobs), *_target_flags(selection)]
        started = time.monotonic()
        report = self._confined(command, "build", box.limits.build, build_wall, box.limits.compiler_output_bytes,
                                self.build_env)
        build_seconds = time.monotonic() - started
        build = parse_cargo_json(report.stdout.text)
        base = CrateRun(
            Outcome.PASSED, "", box.jail.level, box.jail.note, units=build.units, diagnostics=build.diagnostics,
            cargo_stderr=report.stderr.text, build_seconds=build_seconds,
        )
        verdict = compile_verdict([report], build.diagnostics, box.limits.build)
        if verdict is not None:
            return attrs.evolve(base, outcome=verdict[0], reason=_cargo_reason(verdict[1], report))
        started = time.monotonic()
        binaries = [self._test_binary(key, exe, selection) for key, exe in _chosen(build, selection)]
        lib = next((u.name for u in build.units if binary_key(u.kind, u.name).startswith("lib:")), None)
        wants_doc = doc_tests if selection is None else any(k.startswith("doc:") for k in selection)
        if wants_doc and lib is not None and _doc_tests_enabled(self.crate / "Cargo.toml"):
            binaries.append(self._doc_tests(f"doc:{lib}", selection, mode))
        runs = tuple(run for run, _ in binaries)
        cases = tuple(case for _, found in binaries for case in found)
        outcome, reason = _overall(runs, cases)
        return attrs.evolve(base, outcome=outcome, reason=reason, binaries=runs, cases=cases,
                            test_seconds=time.monotonic() - started)

    def _test_binary(self, key: str, executable: str, selection: Selection | None) -> _Judged:
        names = list(selection.get(key, ())) if selection is not None else []
        command = [executable, "--test-threads", str(self.box.test_threads), *(["--exact", *names] if names else [])]
        limits = self.box.limits.run
        report = self._confined(command, key.replace(":", "-"), limits, limits.wall_seconds,
                                self.box.limits.output_bytes, self.run_env)
        return self._judge(key, report, self.run_limits, doc=False)

    def _doc_tests(self, key: str, selection: Selection | None, mode: str) -> _Judged:
        names = list(selection.get(key, ())) if selection is not None else []
        command = [f"{self.tools}/cargo", "test", "--doc", mode, "--jobs", str(self.box.jobs), "--",
                   "--test-threads", str(self.box.test_threads), *(["--exact", *names] if names else [])]
        limits = self.box.limits.build  # rustdoc compiles every doc test
        report = self._confined(command, "doc", limits, limits.wall_seconds, self.box.limits.output_bytes,
                                self.build_env | {"CARGO_MANIFEST_DIR": self.inside})
        return self._judge(key, report, self.doc_limits, doc=True)

    def _judge(self, key: str, report: ProcessReport, limits: Limits, *, doc: bool) -> _Judged:
        summary = parse_libtest(report.stdout.text)
        outcome, reason = run_verdict(report, summary, limits)
        run = BinaryRun(key, outcome, reason, summary, report.exit_code, signal_name(report.signal),
                        report.seconds, report.stdout.text, report.stdout.truncated)
        return run, keyed_cases(key, report.stdout.text, summary, doc=doc)

    def _confined(
        self, command: Sequence[str], name: str, limits: ProcessLimits, wall: float, output_bytes: int,
        env: Mapping[str, str],
    ) -> ProcessReport:
        box = self.box
        launch = box.jail.launch(
            command, crate_dir=self.crate, limits=limits,
            sysroot=box.toolchain.sysroot, uid=box.jail.compile_uid(self.uid), env=env,
        )
        if self.group is not None:
            launch = self.group.wrap(launch)
        with ConfinedProcess(launch, log_dir=self.crate.parent / "logs", name=name, wall_seconds=wall,
                             output_bytes=output_bytes, watch=self.watch) as process:
            return process.wait()


def _doc_tests_enabled(manifest: Path) -> bool:
    """``[lib] doctest = false`` (set when doc tests need a missing crate): `cargo test --doc` ignores it."""
    lib = tomllib.loads(manifest.read_text(encoding="utf-8")).get("lib", {})
    return not (isinstance(lib, dict) and lib.get("doctest") is False)


def _target_flags(selection: Selection | None) -> list[str]:
    """``--lib``, ``--test NAME``, ...: build only the selected test binaries (all when no selection)."""
    if selection is None:
        return []
    flags: list[str] = []
    for key in sorted(selection):
        kind, _, name = key.partition(":")
        if kind == "doc":
            continue
        if kind not in _TARGET_FLAGS:
            raise ValueError(f"unknown test binary kind in {key!r}: use lib, test, bin, example, bench or doc")
        flags += [*_TARGET_FLAGS[kind], *([name] if kind != "lib" else [])]
    return flags or ["--lib"]  # doc tests alone: they need the lib built


def _chosen(build: CargoBuild, selection: Selection | None) -> list[tuple[str, str]]:
    binaries = sorted(build.test_binaries().items())
    return binaries if selection is None else [(k, exe) for k, exe in binaries if k in selection]


def _overall(runs: Sequence[BinaryRun], cases: Sequence[TestCase]) -> tuple[Outcome, str]:
    """The worst binary's outcome; for failed tests, which ones (binary::name)."""
    for outcome in _SEVERITY:
        bad = [run for run in runs if run.outcome is outcome]
        if not bad:
            continue
        if outcome is Outcome.TEST_FAILURE:
            failed = [f"{c.binary}::{c.name}" for c in cases if c.outcome.value == "failed"]
            if failed:
                more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
                return outcome, f"{len(failed)} of {len(cases)} tests failed: {', '.join(failed[:5])}{more}"
        return outcome, "; ".join(f"{run.binary}: {run.reason}" for run in bad)
    return Outcome.PASSED, ""


def _cargo_reason(reason: str, report: ProcessReport) -> str:
    """A build that failed in cargo itself (resolution, a manifest) says so in cargo's own first error line."""
    if not reason.startswith("compiler exited"):
        return reason
    error = next((line.strip() for line in report.stderr.text.splitlines() if line.startswith("error")), None)
    return f"cargo: {error}" if error else reason


def _charge_budget(
    run: CrateRun, group: AttemptGroup | None, capped_root: Path | None, limits: CrateLimits, watch: BudgetWatch,
) -> CrateRun:
    """Name the attempt budget when the attempt ran into it (the kernel's kill or ENOSPC says less)."""
    if run.outcome in (Outcome.PASSED, Outcome.TIMEOUT):
        return run
    usage = group.usage() if group is not None else None
    budget = limits.budget
    if (usage is not None and usage.memory) or watch.exceeded == "memory":
        reason = f"the attempt exceeded its memory budget ({budget.memory_bytes} bytes, all processes together)"
    elif usage is not None and usage.tasks:
        reason = f"the attempt exceeded its task budget ({budget.tasks} processes and threads together)"
    elif (capped_root is not None and scratch.is_full(capped_root)) or watch.exceeded == "disk":
        reason = f"the attempt exceeded its disk budget ({budget.disk_bytes} bytes of files together)"
    else:
        return run
    return attrs.evolve(run, outcome=Outcome.RESOURCE_LIMIT, reason=reason)


def _refuse(path: str) -> str | None:
    """Why an attempt may not replace ``path``: only .rs files of the crate, never its build config."""
    parts = PurePosixPath(path).parts
    if (not parts or PurePosixPath(path).is_absolute() or ".." in parts or "\\" in path
            or not path.endswith(".rs") or parts[0] in _PROTECTED_DIRS):
        return f"{path}: only .rs files inside the crate (not under target/, .cargo/ or tmp/) may be replaced"
    return None


def _keep(source: Path, crate: Path, out: Path) -> None:
    """The cache: the untouched source (its own tmp/ too), plus the build's Cargo.lock and target dir."""
    shutil.copytree(source, out, symlinks=True)
    shutil.copytree(crate / "target", out / "target", symlinks=True, dirs_exist_ok=True)
    if (crate / "Cargo.lock").exists():
        shutil.copy2(crate / "Cargo.lock", out / "Cargo.lock")


def _give(crate: Path, uid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(crate):
        os.chown(dirpath, uid, uid, follow_symlinks=False)
        for entry in dirnames + filenames:
            os.chown(os.path.join(dirpath, entry), uid, uid, follow_symlinks=False)


def _tree_bytes(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
