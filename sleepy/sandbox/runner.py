"""The Sandbox: check files against the policy, build a throwaway crate, compile and run it confined."""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from sleepy.diagnostics.parse import parse_diagnostics, unique_diagnostics
from sleepy.sandbox import scratch
from sleepy.sandbox.budget import budget_overrun
from sleepy.sandbox.cgroup import AttemptGroup, attempt_group
from sleepy.sandbox.isolation import (
    IsolationLevel,
    Jail,
    Launch,
    base_env,
    drop_to,
    fresh_uid,
    rlimit_prefix,
    tool,
)
from sleepy.sandbox.libtest import parse_libtest
from sleepy.sandbox.limits import Limits, ProcessLimits
from sleepy.sandbox.pipeline import CompileThenRun, compile_then_run_script
from sleepy.sandbox.policy import check_files
from sleepy.sandbox.process import ConfinedProcess, ProcessReport
from sleepy.sandbox.result import Mode, Outcome, SandboxResult
from sleepy.sandbox.startup import start_jail
from sleepy.sandbox.target import CrateTarget
from sleepy.sandbox.toolchain import (
    DEFAULT_TARGET,
    Toolchain,
    build_tests_command,
    check_commands,
    run_tests_command,
)
from sleepy.sandbox.verdict import compile_verdict, run_verdict, signal_name
from sleepy.sandbox.watchdog import BudgetWatch


class Sandbox:
    """Compiles, lints or tests a koan's files in a fresh confined crate; never touches the caller's tree."""

    def __init__(
        self,
        limits: Limits | None = None,
        isolation: str = "auto",
        *,
        crate_name: str = "koan",
        temp_parent: str | os.PathLike[str] | None = None,
        toolchain: Toolchain | None = None,
    ) -> None:
        """Pick the isolation now (raises IsolationUnavailable) so every run uses the same one."""
        if not crate_name.isidentifier() or not crate_name.isascii():
            raise ValueError(f"crate name {crate_name!r} is not a Rust identifier")
        self.limits = limits if limits is not None else Limits()
        self.jail: Jail = start_jail(isolation, self.limits.budget, temp_parent)
        self.toolchain = toolchain if toolchain is not None else Toolchain.discover()
        self.crate_name = crate_name
        self.temp_parent = temp_parent

    @property
    def isolation(self) -> IsolationLevel:
        """The isolation level every run of this sandbox gets."""
        return self.jail.level

    def run(
        self, files: Mapping[str, str], mode: Mode | str = Mode.TEST, *, stdin: bytes | None = None,
        target: CrateTarget = DEFAULT_TARGET,
    ) -> SandboxResult:
        """Run ``files`` (crate-relative path -> text) in ``check``, ``test`` or ``clippy`` mode.

        ``stdin`` is the test program's standard input in test mode (the verdict's secret); ``target``
        the edition and crate kind rustc is told (src/lib.rs is the root either way).
        """
        mode = Mode(mode)
        violation = check_files(files)
        if violation is not None:
            return SandboxResult(
                Outcome.SANDBOX_VIOLATION, mode, self.jail.level, self.jail.note, reason=str(violation)
            )
        uid = fresh_uid() if self.jail.level is not IsolationLevel.NONE else None
        budget = self.limits.budget
        with (_workspace(files, self.temp_parent, uid, budget.disk_bytes) as (crate, capped),
              attempt_group(budget.memory_bytes, budget.tasks) as group):
            # What the kernel cannot enforce here is polled while the test program runs (watchdog.py).
            watch = BudgetWatch(crate, memory_bytes=None if group else budget.memory_bytes,
                                disk_bytes=None if capped else budget.disk_bytes)
            result = self._run_in(crate, mode, uid, group, watch, stdin, target)
            return _charge_budget(result, group, crate.parent if capped else None, self.limits, watch)

    def _run_in(
        self, crate: Path, mode: Mode, uid: int | None, group: AttemptGroup | None, watch: BudgetWatch,
        stdin: bytes | None, target: CrateTarget,
    ) -> SandboxResult:
        root = self.jail.toolchain_path(self.toolchain.sysroot)
        binary = f"target/{self.crate_name}-test"
        env = base_env(self.jail.crate_path(crate))
        run: ProcessReport | None = None
        if mode is Mode.TEST:
            compiler, run = self._build_and_test(crate, uid, env, binary, group, watch, stdin, target)
            reports, compile_seconds = [compiler], compiler.seconds
        else:
            if mode is Mode.CHECK:
                commands = check_commands(self.toolchain.rustc(root), self.crate_name, deny_warnings=False,
                                          target=target)
            else:
                commands = check_commands(self.toolchain.clippy_driver(root), self.crate_name, deny_warnings=True,
                                          target=target)
                # clippy.toml is looked up from here, so one higher up on the host cannot change lints.
                env["CLIPPY_CONF_DIR"] = self.jail.crate_path(crate)
            started = time.monotonic()
            reports = self._confine(commands, crate, self.limits.compile, self.jail.compile_uid(uid), env, group)
            compile_seconds = time.monotonic() - started
        diagnostics = unique_diagnostics(itertools.chain.from_iterable(
            parse_diagnostics(r.stderr.text) for r in reports
        ))
        compiled = SandboxResult(
            Outcome.PASSED, mode, self.jail.level, self.jail.note,
            diagnostics=diagnostics,
            compiler_output="".join(r.stderr.text for r in reports),
            compiler_output_truncated=any(r.stderr.truncated for r in reports),
            compile_seconds=compile_seconds,
        )
        verdict = compile_verdict(reports, diagnostics, self.limits.compile)
        if verdict is not None:
            return attrs.evolve(compiled, outcome=verdict[0], reason=verdict[1])
        if run is None:
            return compiled
        summary = parse_libtest(run.stdout.text)
        outcome, reason = run_verdict(run, summary, self.limits)
        return attrs.evolve(
            compiled, outcome=outcome, reason=reason, tests=summary,
            stdout=run.stdout.text, stdout_truncated=run.stdout.truncated,
            stderr=run.stderr.text, stderr_truncated=run.stderr.truncated,
            exit_code=run.exit_code, signal=signal_name(run.signal), run_seconds=run.seconds,
        )

    def _build_and_test(
        self, crate: Path, uid: int | None, env: Mapping[str, str], binary: str, group: AttemptGroup | None,
        watch: BudgetWatch, stdin: bytes | None, target: CrateTarget,
    ) -> tuple[ProcessReport, ProcessReport | None]:
        """Compile the test binary and run it in one confined process (see pipeline.py)."""
        root = self.jail.toolchain_path(self.toolchain.sysroot)
        compile_uid = self.jail.compile_uid(uid)
        handover = uid if uid is not None and uid != compile_uid else None
        dynamic = self.jail.shares_toolchain(self.toolchain.sysroot, uid)
        compile_command = rlimit_prefix(self.limits.compile) + build_tests_command(
            self.toolchain.rustc(root), self.crate_name, binary, dynamic=dynamic, target=target
        )
        run_command = drop_to(handover) + rlimit_prefix(self.limits.run) + run_tests_command(f"./{binary}")
        run_env = {"LD_LIBRARY_PATH": self.toolchain.libstd_dir(root)} if dynamic else {}

        def build_launch(log_fd: int, status_fd: int) -> Launch:
            script = compile_then_run_script(
                compile_command, run_command, log_fd=log_fd, status_fd=status_fd, run_env=run_env, chown_to=handover,
            )
            return _in_group(group, self.jail.launch(
                # bash, not sh: the fds are whatever numbers Python got, and dash reads only 0-9.
                [tool("bash"), "-c", script], crate_dir=crate, limits=None, sysroot=self.toolchain.sysroot,
                uid=compile_uid, env=env,
            ))

        with CompileThenRun(
            build_launch, log_dir=crate.parent / "logs", compile_wall_seconds=self.limits.compile.wall_seconds,
            run_wall_seconds=self.limits.run.wall_seconds, output_bytes=self.limits.output_bytes,
            compiler_output_bytes=self.limits.compiler_output_bytes, stdin=stdin,
            watch=watch if watch.memory_bytes is not None or watch.disk_bytes is not None else None,
        ) as pipeline:
            return pipeline.wait()

    def _confine(
        self, commands: Sequence[Sequence[str]], crate: Path, limits: ProcessLimits,
        uid: int | None, env: Mapping[str, str], group: AttemptGroup | None,
    ) -> list[ProcessReport]:
        # Independent compiler runs (lib and test targets) go in parallel.
        with contextlib.ExitStack() as stack:
            running = []
            for k, command in enumerate(commands):
                launch = _in_group(group, self.jail.launch(
                    command, crate_dir=crate, limits=limits, sysroot=self.toolchain.sysroot, uid=uid, env=env,
                ))
                running.append(stack.enter_context(ConfinedProcess(
                    launch, log_dir=crate.parent / "logs", name=f"compile{k}",
                    wall_seconds=limits.wall_seconds, output_bytes=self.limits.compiler_output_bytes,
                )))
            return [process.wait() for process in running]


def _in_group(group: AttemptGroup | None, launch: Launch) -> Launch:
    return launch if group is None else group.wrap(launch)


def _charge_budget(
    result: SandboxResult, group: AttemptGroup | None, capped_root: Path | None, limits: Limits, watch: BudgetWatch,
) -> SandboxResult:
    """Name the attempt budget when the attempt ran into it (the kernel's kill or ENOSPC says less)."""
    reason = budget_overrun(result.outcome, group, capped_root, limits.budget, watch)
    return result if reason is None else attrs.evolve(result, outcome=Outcome.RESOURCE_LIMIT, reason=reason)


@contextlib.contextmanager
def _workspace(
    files: Mapping[str, str], parent: str | os.PathLike[str] | None, uid: int | None, disk_bytes: int,
) -> Iterator[tuple[Path, bool]]:
    """A temp tree ``crate/`` (src, target, tmp: all the jail sees) + ``logs/``; always removed.

    Yields the crate dir and whether the tree is a tmpfs capped at ``disk_bytes`` (scratch.py).
    """
    root, capped = scratch.make_root(parent, disk_bytes)
    try:
        crate = root / "crate"
        # rustc makes its --out-dir itself; -o needs target/ to exist.
        for sub in ("target", "tmp"):
            (crate / sub).mkdir(parents=True)
        (root / "logs").mkdir()
        for rel, text in files.items():
            path = crate / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if uid is not None:
            root.chmod(0o711)  # the sandbox uid may pass through to crate/, never into logs/
            _give(crate, uid)
        yield crate, capped
    finally:
        scratch.remove_root(root, capped)


def _give(crate: Path, uid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(crate):
        os.chown(dirpath, uid, uid, follow_symlinks=False)
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, uid, follow_symlinks=False)
