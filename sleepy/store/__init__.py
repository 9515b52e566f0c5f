"""Persistent state of runs: the episode store, per-task evaluation verdicts and the schema migrations."""

from sleepy.store.episodes import EpisodeStore, damaged_database, is_damage, open_database
from sleepy.store.migrations import MIGRATIONS, applied_migrations, migrate, migration_names
from sleepy.store.verdicts import TaskVerdict, read_verdicts, record_verdicts

__all__ = [
    "MIGRATIONS",
    "EpisodeStore",
    "TaskVerdict",
    "applied_migrations",
    "damaged_database",
    "is_damage",
    "migrate",
    "migration_names",
    "open_database",
    "read_verdicts",
    "record_verdicts",
]
