"""The run's episode store opened read-only: the dashboard looks, it never writes."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from sleepy.errors import RunDirError
from sleepy.run_dir import RunDirectory
from sleepy.store.readonly import ReadOnlyStore, open_read_only_store

__all__ = ["DEFAULT_RUN_DIR", "RUN_DIR_ENV", "ReadOnlyStore", "data_version", "open_read_only", "run_dir_from"]

RUN_DIR_ENV = "SLEEPY_RUN_DIR"
DEFAULT_RUN_DIR = Path("runs/default")


def run_dir_from(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """`--run-dir DIR` (or `--run-dir=DIR`) from the script's arguments, else $SLEEPY_RUN_DIR, else runs/default."""
    for i, arg in enumerate(argv):
        if arg == "--run-dir" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--run-dir="):
            return Path(arg.removeprefix("--run-dir="))
    return Path(environ[RUN_DIR_ENV]) if environ.get(RUN_DIR_ENV) else DEFAULT_RUN_DIR


def open_read_only(run_dir: Path) -> ReadOnlyStore:
    """The store of `run_dir`, opened with SQLite's read-only mode; a clear error when it is not usable."""
    database = RunDirectory(run_dir).database
    if not run_dir.is_dir():
        raise RunDirError(f"{run_dir}: no such run directory (start a run with `sleepy cycle --run-dir {run_dir}`)")
    if not database.is_file():
        raise RunDirError(f"{run_dir}: no run here (missing {database.name}); run `sleepy day` or `sleepy cycle` first")
    return open_read_only_store(database, migrate_hint=f"sleepy db stats --run-dir {run_dir}")


def data_version(run_dir: Path) -> tuple[int, ...]:
    """Changes whenever the database (or its write-ahead log) does: the key for cached figures."""
    database = RunDirectory(run_dir).database
    out: list[int] = []
    for path in (database, database.with_name(database.name + "-wal")):
        try:
            stat = os.stat(path)
        except OSError:
            out += [0, 0]
        else:
            out += [stat.st_mtime_ns, stat.st_size]
    return tuple(out)
