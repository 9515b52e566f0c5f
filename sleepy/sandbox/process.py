"""Start a confined command, enforce its wall-clock limit, kill everything it left, keep its output.

Output goes to files outside the sandbox rather than pipes: RLIMIT_FSIZE then stops an output
flood with SIGXFSZ, memory stays bounded, and nothing can block on a full pipe.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from attrs import frozen

from sleepy.sandbox.isolation import Launch

if TYPE_CHECKING:
    from sleepy.sandbox.watchdog import BudgetWatch

_TRUNCATION_MARK = "\n... [{} bytes truncated] ...\n"


@frozen
class Captured:
    """What a stream kept: head and tail when it was longer than the limit."""

    text: str = ""
    truncated: bool = False
    total_bytes: int = 0


@frozen
class ProcessReport:
    """How a confined command ended."""

    exit_code: int | None  # None when it was killed by a signal
    signal: int | None
    timed_out: bool  # the wall-clock limit ran out and we killed it
    seconds: float
    stdout: Captured
    stderr: Captured


class ConfinedProcess:
    """One running confined command; use as a context manager so it is always killed and reaped."""

    def __init__(
        self, launch: Launch, *, log_dir: Path, name: str, wall_seconds: float, output_bytes: int,
        pass_fds: Sequence[int] = (), stdin: bytes | None = None, watch: BudgetWatch | None = None,
    ) -> None:
        """Start ``launch`` with stdout/stderr going to ``log_dir/name.std{out,err}``.

        ``stdin`` is written to the command's standard input, which is then closed; without it the
        command reads /dev/null. ``watch`` polls the attempt's budget while ``wait_until`` waits
        (see watchdog.py).
        """
        self.launch = launch
        self.watch = watch
        self.wall_seconds = wall_seconds
        self.output_bytes = output_bytes
        self.stdout_path = log_dir / f"{name}.stdout"
        self.stderr_path = log_dir / f"{name}.stderr"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.started = time.monotonic()
            self.proc = subprocess.Popen(
                launch.argv, cwd=launch.cwd, env=dict(launch.env),
                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                stdout=out, stderr=err, start_new_session=True, close_fds=True, pass_fds=tuple(pass_fds),
            )
        if stdin is not None and self.proc.stdin is not None:
            # A few bytes: they fit the pipe's buffer, so this never waits for the command to read.
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.write(stdin)
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.close()

    def __enter__(self) -> ConfinedProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.kill()

    def wait(self) -> ProcessReport:
        """Wait for the command, at most until its wall-clock limit, and report how it ended."""
        return self.wait_until(self.started + self.wall_seconds)

    def wait_until(self, deadline: float) -> ProcessReport:
        """Wait until the ``time.monotonic()`` deadline at most; kill the command if it is still running."""
        timed_out = not self._exits_by(deadline)
        if timed_out:
            self.kill()
        status = self.proc.wait()
        seconds = time.monotonic() - self.started
        code, sig = decode_status(status, self.launch.signal_in_status)
        return ProcessReport(
            exit_code=code, signal=sig, timed_out=timed_out, seconds=seconds,
            stdout=read_capped(self.stdout_path, self.output_bytes),
            stderr=read_capped(self.stderr_path, self.output_bytes),
        )

    def _exits_by(self, deadline: float) -> bool:
        """True when the command ends before the deadline or was killed for passing its budget."""
        if self.watch is None:
            return _exits_within(self.proc, max(deadline - time.monotonic(), 0.0))
        while (left := deadline - time.monotonic()) > 0:
            if _exits_within(self.proc, min(left, self.watch.interval)):
                return True
            if self.watch.over_budget(self.proc.pid):
                self.kill()
                return True
        return False

    def kill(self) -> None:
        """SIGKILL the command and every process below it, then reap it; safe to call twice."""
        if self.proc.returncode is None:
            kill_process_tree(self.proc.pid)
            self.proc.wait()


def _exits_within(proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """True when ``proc`` ends within ``timeout`` seconds; it is left for the caller to reap."""
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        # No pidfd (old kernel): Popen's own polling wait, which may notice the exit up to
        # 50 ms late; that latency is why the pidfd path exists.
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        return bool(poller.poll(timeout * 1000))
    finally:
        os.close(pidfd)


def kill_process_tree(root_pid: int) -> None:
    """Stop, then kill, ``root_pid`` and all its descendants.

    Stopping first matters for a fork bomb: a stopped process cannot fork, so the tree stops
    growing before it is killed and no child escapes by being reparented mid-kill. Under bwrap
    or unshare this is belt and braces: killing the pid namespace's init kills the namespace.
    """
    seen: set[int] = set()
    for _ in range(50):
        tree = {root_pid} | descendants(root_pid)
        fresh = tree - seen
        if not fresh:
            break
        for pid in fresh:
            _signal(pid, signal.SIGSTOP)
        seen |= fresh
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(root_pid, signal.SIGKILL)
    for pid in seen:
        _signal(pid, signal.SIGKILL)


def read_capped(path: Path, limit: int) -> Captured:
    """Read a log file, keeping its first and last ``limit / 2`` bytes when it is longer."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        if size <= limit:
            return Captured(handle.read().decode("utf-8", "replace"), False, size)
        head = handle.read(limit // 2)
        handle.seek(size - (limit - limit // 2))
        tail = handle.read()
    text = head.decode("utf-8", "replace") + _TRUNCATION_MARK.format(size - limit) + tail.decode("utf-8", "replace")
    return Captured(text, True, size)


def decode_status(status: int, signal_in_status: bool) -> tuple[int | None, int | None]:
    """(exit code, signal): negative statuses are Popen's signals, 128 + n a shell's or bwrap's."""
    if status < 0:
        return None, -status
    if signal_in_status and 128 < status < 128 + 65:
        return None, status - 128
    return status, None


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def descendants(root_pid: int) -> set[int]:
    """Every process below ``root_pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # it exited while we looked
        # The command name is parenthesised and may contain spaces or ')': split at the last one.
        fields = stat.rsplit(b")", 1)[-1].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [root_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
