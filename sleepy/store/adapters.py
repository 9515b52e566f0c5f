"""The `adapters` table: one row per registered adapter, its lineage and status (the registry owns the files)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from attrs import frozen


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@frozen
class AdapterRecord:
    id: str
    parent_id: str | None
    strategy: str
    dataset_hash: str | None
    base_model: str | None
    status: str
    path: Path
    created_at: str
    metadata: Mapping[str, Any]
    run_id: str | None = None
    cycle: int | None = None
    updated_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AdapterRecord:
        return cls(row["id"], row["parent_id"], row["strategy"] or "", row["dataset_hash"], row["base_model"],
                   row["status"], Path(row["path"]), row["created_at"], json.loads(row["metadata_json"] or "{}"),
                   row["run_id"], row["cycle"], row["updated_at"])

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "parent_id": self.parent_id, "strategy": self.strategy,
                "dataset_hash": self.dataset_hash, "base_model": self.base_model, "status": self.status,
                "path": str(self.path), "created_at": self.created_at, "metadata": dict(self.metadata)}


class AdapterRows:
    """The store's questions and writes about adapters (mixed into `EpisodeStore`)."""

    db: sqlite_utils.Database

    def adapter_ids(self) -> set[str]:
        """Every adapter id recorded in the store, of any run."""
        return {row["id"] for row in self.db.query("select id from adapters")}

    def adapter(self, adapter_id: str) -> AdapterRecord | None:
        rows = list(self.db.query("select * from adapters where id = ?", [adapter_id]))
        return AdapterRecord.from_row(rows[0]) if rows else None

    def adapters(self, *, run_id: str | None = None) -> list[AdapterRecord]:
        """Adapters in the order they were registered, optionally of one run."""
        where, args = ("where run_id = ?", [run_id]) if run_id is not None else ("", [])
        return [AdapterRecord.from_row(r) for r in self.db.query(f"select * from adapters {where} order by rowid",
                                                                 args)]

    def record_adapter(self, adapter_id: str, *, path: Path, strategy: str, dataset_hash: str | None,
                       base_model: str | None, parent_id: str | None, run_id: str | None, cycle: int | None,
                       metadata: Mapping[str, Any]) -> None:
        """Record a newly registered adapter as a candidate."""
        now = _now()
        with self.db.atomic():
            self.db.table("adapters").insert({
                "id": adapter_id, "parent_id": parent_id, "run_id": run_id, "cycle": cycle, "strategy": strategy,
                "dataset_hash": dataset_hash, "base_model": base_model, "status": "candidate", "path": str(path),
                "created_at": now, "updated_at": now, "metadata_json": json.dumps(dict(metadata), default=str),
            })

    def set_adapter_status(self, adapter_id: str, status: str) -> None:
        with self.db.atomic():
            self.db.execute("update adapters set status = ?, updated_at = ? where id = ?",
                            [status, _now(), adapter_id])

    def set_adapter_metadata(self, adapter_id: str, metadata: Mapping[str, Any]) -> None:
        with self.db.atomic():
            self.db.execute("update adapters set metadata_json = ? where id = ?",
                            [json.dumps(dict(metadata), default=str), adapter_id])
