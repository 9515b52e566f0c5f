"""Persistent state of runs: the episode store and its schema migrations."""

from sleepy.store.episodes import EpisodeStore, damaged_database, is_damage, open_database
from sleepy.store.migrations import MIGRATIONS, applied_migrations, migrate, migration_names

__all__ = [
    "MIGRATIONS",
    "EpisodeStore",
    "applied_migrations",
    "damaged_database",
    "is_damage",
    "migrate",
    "migration_names",
    "open_database",
]
