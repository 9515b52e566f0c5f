"""One control group per attempt: all its processes together get one memory and one task budget.

rlimits bound each process alone, so twelve children of 400 MiB each passed a 512 MiB limit.
A cgroup counts every process of the attempt (the compiler, the test program, whatever it
spawns, and the tmpfs pages they write) against one number, and the kernel's OOM killer or
fork() failing enforces it. cgroup v2 is used where the memory and pids controllers are
delegated to us; otherwise the v1 memory and pids hierarchies where we may write them (root);
otherwise there is no group: the test program's memory is polled (watchdog.py) and tasks are
bounded by RLIMIT_NPROC of the attempt's own uid (``describe_support`` says so).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import re
import secrets
import shlex
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from sleepy.fileio import pid_alive
from sleepy.sandbox.isolation import Launch, tool

PREFIX = "sleepy-"
_NAME_RE = re.compile(rf"{PREFIX}(\d+)-[0-9a-f]+")
_REMOVE_TIMEOUT_S = 2.0


class Version(enum.Enum):
    """Which cgroup interface a group uses."""

    V2 = "v2"
    V1 = "v1"


@frozen
class Support:
    """Where attempt groups go: one parent for v2, the memory and pids parents for v1."""

    version: Version
    parents: tuple[Path, ...]


@frozen
class Usage:
    """Which budget an attempt ran into."""

    memory: bool
    tasks: bool


class AttemptGroup:
    """A live cgroup (one dir for v2, one per hierarchy for v1) capping memory bytes and tasks."""

    def __init__(self, support: Support, memory_bytes: int, tasks: int) -> None:
        """Create the group now (raises OSError when the kernel refuses)."""
        self.support = support
        self.memory_bytes = memory_bytes
        self.tasks = tasks
        name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.dirs = tuple(parent / name for parent in support.parents)
        try:
            for path in self.dirs:
                path.mkdir()
            if support.version is Version.V2:
                _write(self.dirs[0] / "memory.max", memory_bytes)
                _write(self.dirs[0] / "memory.swap.max", 0, optional=True)
                _write(self.dirs[0] / "pids.max", tasks)
            else:
                memory, pids = self.dirs
                _write(memory / "memory.limit_in_bytes", memory_bytes)
                _write(memory / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)
                _write(pids / "pids.max", tasks)
        except OSError:
            self.remove()
            raise

    def wrap(self, launch: Launch) -> Launch:
        """The same launch, joining this group before it execs (so nothing runs outside it)."""
        joins = " && ".join(f"echo $$ > {shlex.quote(str(path / 'cgroup.procs'))}" for path in self.dirs)
        argv = (tool("sh"), "-c", f'{joins} && exec "$@"', "sh", *launch.argv)
        return Launch(argv, launch.cwd, launch.env, launch.signal_in_status)

    def usage(self) -> Usage:
        """Whether the memory or the task budget was hit (read before ``remove``)."""
        # Only a kill counts: reaching the limit alone may just have reclaimed page cache.
        if self.support.version is Version.V2:
            memory, pids = self.dirs[0] / "memory.events", self.dirs[0] / "pids.events"
        else:
            memory, pids = self.dirs[0] / "memory.oom_control", self.dirs[1] / "pids.events"
        return Usage(_events(memory).get("oom_kill", 0) > 0, _events(pids).get("max", 0) > 0)

    def remove(self) -> None:
        """Kill whatever is left in the group, then remove it (left behind, harmless, if that fails).

        A process of the attempt may still be exiting when its jail has been reaped, and the
        kernel refuses to remove a group with members: retry for a moment.
        """
        deadline = time.monotonic() + _REMOVE_TIMEOUT_S
        for path in self.dirs:
            _kill_and_remove(path, deadline)


@contextlib.contextmanager
def attempt_group(memory_bytes: int, tasks: int) -> Iterator[AttemptGroup | None]:
    """A group for one attempt, or None where this machine offers none; always removed after."""
    support = detect()
    if support is None:
        yield None
        return
    try:
        group = AttemptGroup(support, memory_bytes, tasks)
    except OSError:
        yield None
        return
    try:
        yield group
    finally:
        group.remove()


@functools.cache
def detect() -> Support | None:
    """The cgroup interface attempt groups can use here, checked once per process."""
    v2, v1 = _mounts()
    own = _own_paths()
    if v2 is not None:
        for parent in _v2_candidates(v2, own.get("")):
            if _usable(Support(Version.V2, (parent,))):
                return Support(Version.V2, (parent,))
    if "memory" in v1 and "pids" in v1:
        parents = tuple(v1[c] / own.get(c, "/").lstrip("/") for c in ("memory", "pids"))
        if _usable(Support(Version.V1, parents)):
            return Support(Version.V1, parents)
    return None


def describe_support() -> str:
    """One line for the isolation note and ``sleepy doctor``."""
    support = detect()
    if support is None:
        return ("no cgroup for a per-attempt memory/task budget (needs cgroup v2 delegation or root): "
                "memory polled while the tests run, tasks per uid by RLIMIT_NPROC")
    return f"cgroup {support.version.value} per attempt (memory and tasks)"


def remove_stale_groups() -> list[Path]:
    """Kill what is left in, and remove, groups of sleepy processes that died (kill -9)."""
    support = detect()
    if support is None:
        return []
    removed = []
    for parent in support.parents:
        for path in parent.glob(f"{PREFIX}*"):
            match = _NAME_RE.fullmatch(path.name)
            if match and not pid_alive(int(match.group(1))):
                _kill_and_remove(path, time.monotonic() + _REMOVE_TIMEOUT_S)
                if not path.exists():
                    removed.append(path)
    return removed


def _v2_candidates(mount: Path, own: str | None) -> Iterator[Path]:
    # Our own cgroup when memory and pids are delegated below it; else (as root) a `sleepy`
    # child of the root cgroup, which holds no processes and so may delegate them itself.
    if own is not None:
        yield mount / own.lstrip("/")
    if os.geteuid() == 0:
        yield mount / "sleepy"


def _usable(support: Support) -> bool:
    created: Path | None = None
    try:
        if support.version is Version.V2:
            parent = support.parents[0]
            if parent.name == "sleepy" and not parent.exists():
                parent.mkdir()
                created = parent
                _write(parent / "cgroup.subtree_control", "+memory +pids")
            enabled = (parent / "cgroup.subtree_control").read_text().split()
            if not {"memory", "pids"} <= set(enabled):
                raise OSError(f"{parent}: memory and pids are not delegated")
        AttemptGroup(support, 64 << 20, 16).remove()
    except OSError:
        if created is not None:
            with contextlib.suppress(OSError):
                created.rmdir()
        return False
    return True


def _mounts() -> tuple[Path | None, dict[str, Path]]:
    v2: Path | None = None
    v1: dict[str, Path] = {}
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return None, {}
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        if tail[0] == "cgroup2" and v2 is None:
            v2 = Path(fields[4])
        elif tail[0] == "cgroup":
            for option in tail[2].split(","):
                if option in ("memory", "pids"):
                    v1[option] = Path(fields[4])
    return v2, v1


def _own_paths() -> dict[str, str]:
    """Our cgroup path per controller ("" for v2) from /proc/self/cgroup."""
    paths: dict[str, str] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return paths
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _write(path: Path, value: int | str, *, optional: bool = False) -> None:
    try:
        path.write_text(f"{value}\n")
    except FileNotFoundError:
        if not optional:
            raise


def _kill_and_remove(path: Path, deadline: float) -> None:
    while path.exists():
        for pid in _members(path):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        try:
            path.rmdir()
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.005)


def _members(group: Path) -> list[int]:
    try:
        return [int(pid) for pid in (group / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def _events(path: Path) -> dict[str, int]:
    try:
        pairs = [line.split() for line in path.read_text().splitlines()]
    except OSError:
        return {}
    return {p[0]: int(p[1]) for p in pairs if len(p) == 2 and p[1].isdigit()}
