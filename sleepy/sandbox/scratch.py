"""The per-attempt scratch directory: a size-capped tmpfs where we may mount one, and cleanup after kill -9.

RLIMIT_FSIZE bounds one file, so 80 files of 62 MiB each once put 4.9 GB on disk. Everything an
attempt may write (the crate, its build output, its /tmp, /var/tmp and /dev/shm) lives in this
directory, so a tmpfs of ``disk_bytes`` mounted on it caps them all together: a write past it
fails with ENOSPC. Mounting needs root (CAP_SYS_ADMIN); without it the directory is a plain one
and the files are polled instead (watchdog.py; ``describe_support`` says so).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path

from sleepy.fileio import pid_alive

PREFIX = "sleepy-sandbox-"
PROBE_PREFIX = "sleepy-probe-"
_NAME_RE = re.compile(rf"(?:{PREFIX}|{PROBE_PREFIX})(\d+)-.+")
_MS_NOSUID, _MS_NODEV = 2, 4
_MNT_DETACH = 2
# Room the filesystem itself needs on top of the budget (inodes, directory blocks).
_TMPFS_SLACK = 1 << 20


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def make_root(parent: str | os.PathLike[str] | None, disk_bytes: int | None) -> tuple[Path, bool]:
    """A fresh ``sleepy-sandbox-<pid>-*`` dir; capped at ``disk_bytes`` when a tmpfs can be mounted.

    Returns the directory and whether it is capped. The pid in the name lets the next start
    remove it should this process be killed before it could.
    """
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
    capped = disk_bytes is not None and can_mount() and _mount_tmpfs(root, disk_bytes + _TMPFS_SLACK)
    return root, capped


def is_full(root: Path, margin: int = 64 << 10) -> bool:
    """Whether the capped scratch dir has (almost) no room left: a write was refused for space."""
    try:
        stats = os.statvfs(root)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < margin


def remove_root(root: Path, capped: bool) -> None:
    """Unmount (when capped) and delete the scratch dir, even where the program left it unwritable."""
    if capped:
        _libc().umount2(os.fsencode(root), _MNT_DETACH)
    _remove_tree(root)


def remove_stale(parent: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove scratch and probe dirs of sleepy processes that died (kill -9); returns what went."""
    removed = []
    directory = Path(parent if parent is not None else tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for path in directory.iterdir():
            match = _NAME_RE.fullmatch(path.name)
            if match is None or pid_alive(int(match.group(1))) or not path.is_dir():
                continue
            _libc().umount2(os.fsencode(path), _MNT_DETACH)  # fails harmlessly when not a mount point
            _remove_tree(path)
            removed.append(path)
    return removed


@functools.cache
def can_mount() -> bool:
    """Whether this process may mount a tmpfs (checked once, on a throwaway dir)."""
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory(prefix=f"{PROBE_PREFIX}{os.getpid()}-") as tmp:
        if not _mount_tmpfs(Path(tmp), 1 << 20):
            return False
        _libc().umount2(os.fsencode(tmp), _MNT_DETACH)
    return True


def describe_support(disk_bytes: int) -> str:
    """One line for the isolation note and ``sleepy doctor``."""
    if can_mount():
        return f"scratch tmpfs capped at {disk_bytes >> 20} MiB per attempt"
    return f"no capped scratch dir (mounting a tmpfs needs root): files polled against {disk_bytes >> 20} MiB"


def _mount_tmpfs(path: Path, size: int) -> bool:
    options = f"size={size},mode=0700".encode()
    return bool(_libc().mount(b"sleepy-scratch", os.fsencode(path), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) == 0)


def _remove_tree(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    if root.exists():
        # A test may leave a read-only dir behind, which only root could delete as it is.
        for dirpath, dirnames, _ in os.walk(root):
            for name in dirnames:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(dirpath, name), 0o700, follow_symlinks=False)
        shutil.rmtree(root, ignore_errors=True)
