"""The episode store: runs, episodes and steps in one SQLite file (WAL, atomic writes)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from sleepy.diagnostics import diagnostics_json
from sleepy.errors import StoreError
from sleepy.records import EpisodeRecord, StepRecord
from sleepy.store.adapters import AdapterRows
from sleepy.store.episode_queries import EpisodeQueries
from sleepy.store.migrations import applied_migrations, migrate, migration_names
from sleepy.store.run_state import RunState

SQLITE_HEADER = b"SQLite format 3\x00"
DAMAGE_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, default=str)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite failed because the file's pages are damaged (not, say, because it is locked)."""
    return getattr(exc, "sqlite_errorname", "") in DAMAGE_ERRORS


def damaged_database(path: Path | str, exc: sqlite3.DatabaseError) -> StoreError:
    """The one-line error for a database whose pages are damaged."""
    return StoreError(f"{path}: the episode database is damaged ({exc}); `sqlite3 {path} 'PRAGMA integrity_check'` "
                      "lists what is broken; restore it from a backup or use a new --run-dir")


def _create(path: Path) -> None:
    """Create an empty WAL database at `path` in one step, so a crash never leaves a 0-byte file there."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("pragma journal_mode=wal")  # writes the header: the file is a database from here on
    finally:
        conn.close()
    try:
        os.link(tmp, path)  # unlike a rename, never replaces a database another process just created
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def open_database(path: Path | str | None) -> sqlite_utils.Database:
    """Open (creating if needed) a SQLite file, refusing files that are not SQLite."""
    if path is None or str(path) == ":memory:":
        return sqlite_utils.Database(memory=True, execute_plugins=False)
    path = Path(path)
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path}: is a directory, not an episode database")
        try:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the episode database: {exc.strerror or exc}") from None
        if not header:
            # sleepy never leaves an empty file here (see _create): this one was truncated, so keep it for recovery.
            raise StoreError(f"{path}: empty file (0 bytes), not an episode database; it is left untouched: restore "
                             "it from a backup, or move it away to start a new run here")
        if header != SQLITE_HEADER:
            raise StoreError(f"{path}: not a SQLite database (is this the right file?)")
    elif not path.parent.exists():
        raise StoreError(f"{path}: directory {path.parent} does not exist")
    else:
        try:
            _create(path)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise StoreError(f"{path}: cannot create the episode database: {exc}") from None
    try:
        db = sqlite_utils.Database(path, execute_plugins=False)
        db.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged_database(path, exc) from None
        raise StoreError(f"{path}: cannot open the episode database: {exc}") from None
    return db


class EpisodeStore(EpisodeQueries, RunState, AdapterRows):
    """Records runs, episodes and their steps; migrates the schema when opened.

    It is the only code that touches SQL: every question and write of the run's state is a method here
    or in the mixins (episode queries, run state, adapter rows), and returns typed rows.
    """

    def __init__(self, db: sqlite_utils.Database, *, label: str = "episode database") -> None:
        self.db = db
        self.label = label
        try:
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise damaged_database(label, exc) from None
            raise StoreError(f"{label}: cannot migrate the schema: {exc}") from None

    def _migrate(self) -> None:
        db, label = self.db, self.label
        known = set(migration_names())
        unknown = [name for name in applied_migrations(db) if name not in known]
        if unknown:
            raise StoreError(
                f"{label}: written by a newer sleepy-coder (unknown schema migrations: {', '.join(unknown)}); "
                "upgrade sleepy-coder to read it"
            )
        if not db.memory:
            db.enable_wal()
        migrate(db)

    @classmethod
    def open(cls, path: Path | str | None) -> EpisodeStore:
        """Open the store at `path` (None: in memory)."""
        return cls(open_database(path), label=str(path) if path else ":memory:")

    def close(self) -> None:
        self.db.close()

    # --- runs ---------------------------------------------------------------------------------

    def record_run(self, run_id: str, *, command: str, config_hash: str, config: dict[str, Any], seed: int,
                   sleepy_version: str) -> None:
        """Insert a run row, or leave an existing one as it is (runs resume)."""
        with self.db.atomic():
            self.db.table("runs").insert(
                {
                    "id": run_id,
                    "created_at": _now(),
                    "command": command,
                    "config_hash": config_hash,
                    "config_json": _json(config),
                    "seed": seed,
                    "sleepy_version": sleepy_version,
                },
                ignore=True,
            )

    # --- episodes -----------------------------------------------------------------------------

    def record_episode(self, episode: EpisodeRecord) -> None:
        """Write an episode and all its steps in one transaction: all or nothing."""
        row = {
            "id": episode.id,
            "run_id": episode.run_id,
            "cycle": episode.cycle,
            "phase": episode.phase,
            "task_id": episode.task_id,
            "family": episode.family,
            "split": episode.split,
            "attempt_idx": episode.attempt_idx,
            "backend": episode.backend,
            "model": episode.model,
            "adapter_id": episode.adapter_id,
            "seed": episode.seed,
            "config_hash": episode.config_hash,
            "outcome": episode.outcome,
            "passed": int(episode.passed),
            "steps": len(episode.steps),
            "steps_to_green": episode.steps_to_green,
            "first_error_signature": episode.first_error_signature,
            "final_error_signature": episode.final_error_signature,
            "final_diff": episode.final_diff,
            "final_code": episode.final_code,
            "tokens_in": episode.tokens_in,
            "tokens_out": episode.tokens_out,
            "started_at": episode.started_at or _now(),
            "finished_at": episode.finished_at or _now(),
            "wall_seconds": episode.wall_seconds,
            "task_check": episode.task_check,
            "route": episode.route,
        }
        with self.db.atomic():
            self.db.table("episodes").insert(row)
            self.db.table("steps").insert_all(self._step_row(episode.id, s) for s in episode.steps)

    @staticmethod
    def _step_row(episode_id: str, step: StepRecord) -> dict[str, Any]:
        return {
            "episode_id": episode_id,
            "idx": step.idx,
            "reply_format": step.reply_format,
            "messages_json": _json([{"role": m.role, "content": m.content} for m in step.messages]),
            "reply": step.reply,
            "action_json": _json(dict(step.action) if step.action is not None else None),
            "tool_result_json": _json(dict(step.tool_result) if step.tool_result is not None else None),
            "diagnostics_json": diagnostics_json(step.diagnostics),
            "error_signature": step.error_signature,
            "diff": step.diff,
            "outcome": step.outcome,
            "tokens_in": step.tokens_in,
            "tokens_out": step.tokens_out,
            "model_seconds": step.model_seconds,
            "tool_seconds": step.tool_seconds,
        }

    def episodes(self, *, run_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Episode rows in insertion order, optionally of one run."""
        where, args = ("where run_id = ?", [run_id]) if run_id else ("", [])
        yield from self.db.query(f"select * from episodes {where} order by rowid", args)

    def steps(self, episode_id: str) -> list[dict[str, Any]]:
        """The steps of one episode, in order."""
        return list(self.db.query("select * from steps where episode_id = ? order by idx", [episode_id]))

    def stats(self) -> dict[str, Any]:
        """Row counts and pass figures for `sleepy db stats`."""
        counts = {t: self.db[t].count for t in ("runs", "episodes", "steps")}
        passed = self.db.execute("select coalesce(sum(passed), 0) from episodes").fetchone()[0]
        outcomes = dict(self.db.execute("select outcome, count(*) from episodes group by outcome order by outcome")
                        .fetchall())
        return {**counts, "passed": passed, "outcomes": outcomes, "schema": applied_migrations(self.db)}
