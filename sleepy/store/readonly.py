"""The episode store over a read-only connection: for readers (the dashboard) that must never write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from sleepy.errors import StoreError
from sleepy.store.episodes import EpisodeStore
from sleepy.store.migrations import applied_migrations, migration_names


class ReadOnlyStore(EpisodeStore):
    """An `EpisodeStore` over a read-only connection: the same questions, and every write fails.

    Unlike `EpisodeStore.open`, it neither migrates nor switches the journal mode: both write.
    """

    def __init__(self, db: sqlite_utils.Database, *, label: str) -> None:
        self.db = db
        self.label = label


def open_read_only_store(database: Path, *, migrate_hint: str) -> ReadOnlyStore:
    """The store in `database`, opened with SQLite's read-only mode; a schema it does not know is refused, and
    an older one names `migrate_hint` (the command that migrates it)."""
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
        raise StoreError(f"{database}: older schema (missing {', '.join(missing)}); run `{migrate_hint}` once to "
                         "migrate it")
    return ReadOnlyStore(db, label=str(database))
