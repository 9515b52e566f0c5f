"""The run's episode store opened read-only: the dashboard looks, it never writes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

import sqlite_utils

from sleepy.errors import RunDirError, StoreError
from sleepy.run_dir import RunDirectory
from sleepy.store import EpisodeStore, applied_migrations, migration_names

RUN_DIR_ENV = "SLEEPY_RUN_DIR"
DEFAULT_RUN_DIR = Path("runs/default")


class ReadOnlyStore(EpisodeStore):
    """An `EpisodeStore` over a read-only connection, so the report code reads it unchanged.

    Unlike `EpisodeStore.open`, it neither migrates nor switches the journal mode: both write.
    """

    def __init__(self, db: sqlite_utils.Database, *, label: str) -> None:
        self.db = db
        self.label = label


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
    # check_same_thread=False: Streamlit may run a session's reruns on different threads.
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        applied = applied_migrations(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{database}: cannot read the episode database: {exc}") from None
    known = migration_names()
    if unknown := [name for name in applied if name not in known]:
        conn.close()
        raise StoreError(f"{database}: written by a newer sleepy-coder (unknown schema migrations: "
                         f"{', '.join(unknown)}); upgrade sleepy-coder to read it")
    if missing := [name for name in known if name not in applied]:
        conn.close()
        raise StoreError(f"{database}: older schema (missing {', '.join(missing)}); run `sleepy db stats "
                         f"--run-dir {run_dir}` once to migrate it")
    return ReadOnlyStore(db, label=str(database))


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
