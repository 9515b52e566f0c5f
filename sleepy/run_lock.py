"""One writer per run directory: a second `sleepy day` on the same directory would record every task twice.

The lock is an advisory ``flock`` on ``<run>/.lock``: the kernel drops it when the holder exits in any
way, kill -9 included, so a crashed run never leaves the directory locked. The file keeps the
holder's pid only to say who holds it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sleepy.errors import RunDirError

LOCK_FILE = ".lock"


class RunDirInUse(RunDirError):
    """Another process holds the run directory."""


@contextmanager
def hold_run_dir(run_dir: Path) -> Iterator[None]:
    """Hold `run_dir` for this process, or raise RunDirInUse naming the pid that holds it."""
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(run_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise RunDirError(f"{run_dir}: cannot use this run directory: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            who = f"pid {holder}" if holder.isdigit() else "another process"
            raise RunDirInUse(f"{run_dir}: run dir is in use by {who}; wait for it to finish or use another "
                              "--run-dir") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
