"""Persistent state of runs: the episode store, per-task evaluation verdicts and the schema migrations.

Nothing outside this package touches SQL (tests/test_meta.py checks it): ask the store.
"""

from sleepy.store.adapters import AdapterRecord
from sleepy.store.episode_queries import ANY, EPISODE_FILTERS
from sleepy.store.episodes import EpisodeStore, damaged_database, is_damage, open_database
from sleepy.store.migrations import MIGRATIONS, applied_migrations, migrate, migration_names
from sleepy.store.readonly import ReadOnlyStore, open_read_only_store
from sleepy.store.rows import DatasetRecord, EpisodeRow, EvalOutcome, GateDecisionRecord, RunRecord
from sleepy.store.verdicts import TaskVerdict, read_verdicts, record_verdicts

__all__ = [
    "ANY",
    "EPISODE_FILTERS",
    "MIGRATIONS",
    "AdapterRecord",
    "DatasetRecord",
    "EpisodeRow",
    "EpisodeStore",
    "EvalOutcome",
    "GateDecisionRecord",
    "ReadOnlyStore",
    "RunRecord",
    "TaskVerdict",
    "applied_migrations",
    "damaged_database",
    "is_damage",
    "migrate",
    "migration_names",
    "open_database",
    "open_read_only_store",
    "read_verdicts",
    "record_verdicts",
]
