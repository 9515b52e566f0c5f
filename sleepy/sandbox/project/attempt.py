"""One cargo build-and-test of a project copy inside the jail: ``cargo test --no-run``, then each test binary.

Every process is confined by the sandbox's jail and limits, and charged to the attempt's cgroup
when there is one. Per-test outcomes are keyed by (binary, name); the verdict functions are the
koan sandbox's own (compile_verdict on cargo's JSON, run_verdict per test binary).
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from sleepy.sandbox.cgroup import AttemptGroup
from sleepy.sandbox.isolation import base_env
from sleepy.sandbox.libtest import parse_libtest
from sleepy.sandbox.limits import Limits, ProcessLimits
from sleepy.sandbox.process import ConfinedProcess, ProcessReport
from sleepy.sandbox.project.cargo_output import CargoBuild, binary_key, keyed_cases, parse_cargo_json
from sleepy.sandbox.project.results import BinaryRun, CargoTestCase, ProjectRun, TestSelection
from sleepy.sandbox.result import Outcome
from sleepy.sandbox.verdict import compile_verdict, run_verdict, signal_name
from sleepy.sandbox.watchdog import BudgetWatch

if TYPE_CHECKING:
    from sleepy.sandbox.project.sandbox import ProjectSandbox

# Cargo's home (its package-cache lock) lives in the target dir: writable, and copied with it.
_CARGO_HOME = "target/sleepy-cargo-home"
_TARGET_FLAGS = {"lib": ("--lib",), "test": ("--test",), "bin": ("--bin",), "example": ("--example",),
                 "bench": ("--bench",)}
_SEVERITY = (Outcome.TIMEOUT, Outcome.RESOURCE_LIMIT, Outcome.TEST_FAILURE)

_Judged = tuple[BinaryRun, tuple[CargoTestCase, ...]]


class CargoAttempt:
    """One build-and-test inside a prepared scratch dir."""

    def __init__(
        self, sandbox: ProjectSandbox, crate: Path, uid: int | None, group: AttemptGroup | None, watch: BudgetWatch,
        name: str, version: str, stdin: bytes | None = None,
    ) -> None:
        self.box = sandbox
        self.stdin = stdin  # each test binary's standard input (a verdict's secret); cargo reads /dev/null
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

    def run(
        self, selection: TestSelection | None, *, doc_tests: bool, locked: bool, build_wall: float,
    ) -> ProjectRun:
        box = self.box
        mode = "--frozen" if locked else "--offline"
        command = [f"{self.tools}/cargo", "test", "--no-run", "--message-format=json", mode,
                   "--jobs", str(box.jobs), *_target_flags(selection)]
        started = time.monotonic()
        report = self._confined(command, "build", box.limits.build, build_wall, box.limits.compiler_output_bytes,
                                self.build_env)
        build_seconds = time.monotonic() - started
        build = parse_cargo_json(report.stdout.text)
        base = ProjectRun(
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

    def _test_binary(self, key: str, executable: str, selection: TestSelection | None) -> _Judged:
        names = list(selection.get(key, ())) if selection is not None else []
        command = [executable, "--test-threads", str(self.box.test_threads), *(["--exact", *names] if names else [])]
        limits = self.box.limits.run
        report = self._confined(command, key.replace(":", "-"), limits, limits.wall_seconds,
                                self.box.limits.output_bytes, self.run_env, stdin=self.stdin)
        return self._judge(key, report, self.run_limits, doc=False)

    def _doc_tests(self, key: str, selection: TestSelection | None, mode: str) -> _Judged:
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
                        report.seconds, report.stdout.text, report.stdout.truncated,
                        report.stderr.text, report.stderr.truncated)
        return run, keyed_cases(key, report.stdout.text, summary, doc=doc)

    def _confined(
        self, command: Sequence[str], name: str, limits: ProcessLimits, wall: float, output_bytes: int,
        env: Mapping[str, str], *, stdin: bytes | None = None,
    ) -> ProcessReport:
        box = self.box
        launch = box.jail.launch(
            command, crate_dir=self.crate, limits=limits,
            sysroot=box.toolchain.sysroot, uid=box.jail.compile_uid(self.uid), env=env,
        )
        if self.group is not None:
            launch = self.group.wrap(launch)
        with ConfinedProcess(launch, log_dir=self.crate.parent / "logs", name=name, wall_seconds=wall,
                             output_bytes=output_bytes, stdin=stdin, watch=self.watch) as process:
            return process.wait()


def _doc_tests_enabled(manifest: Path) -> bool:
    """``[lib] doctest = false`` (set when doc tests need a missing crate): `cargo test --doc` ignores it."""
    lib = tomllib.loads(manifest.read_text(encoding="utf-8")).get("lib", {})
    return not (isinstance(lib, dict) and lib.get("doctest") is False)


def _target_flags(selection: TestSelection | None) -> list[str]:
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


def _chosen(build: CargoBuild, selection: TestSelection | None) -> list[tuple[str, str]]:
    binaries = sorted(build.test_binaries().items())
    return binaries if selection is None else [(k, exe) for k, exe in binaries if k in selection]


def _overall(runs: Sequence[BinaryRun], cases: Sequence[CargoTestCase]) -> tuple[Outcome, str]:
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


