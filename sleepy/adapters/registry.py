"""The adapter registry: adapters on disk, their status in the store, and one active pointer.

The active adapter is whatever `active.json` names. Promotion and rollback rewrite that one file
with write-then-rename, so a crash at any moment leaves the old or the new adapter active, never
neither; the statuses in the store are bookkeeping updated afterwards (and repaired on open).
"""

from __future__ import annotations

import builtins
import json
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sleepy.adapters.validation import AdapterInfo, InvalidAdapter, validate_adapter
from sleepy.errors import SleepyError
from sleepy.fileio import write_atomically
from sleepy.notices import warn
from sleepy.store import AdapterRecord, EpisodeStore

POINTER_FILE = "active.json"
STATUSES = ("candidate", "promoted", "rejected", "rolled_back")


class AdapterRegistryError(SleepyError):
    """An operation on the registry is not possible (unknown id, nothing to roll back, ...)."""


class AdapterRegistry:
    """Adapters of one run directory (`<run>/adapters/<id>/`) and which one is active."""

    def __init__(self, root: Path, store: EpisodeStore) -> None:
        self.root = root
        self.store = store
        self.root.mkdir(parents=True, exist_ok=True)
        self._repair_statuses()
        self._deactivate_unusable()

    # --- pointer ------------------------------------------------------------------------------

    def _pointer(self) -> dict[str, Any]:
        path = self.root / POINTER_FILE
        if not path.exists():
            return {"active": None, "history": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            active, history = data["active"], data["history"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AdapterRegistryError(f"{path}: unreadable active-adapter pointer ({exc})") from None
        if not isinstance(history, builtins.list):
            raise AdapterRegistryError(f"{path}: 'history' is {history!r}, expected a list of adapter ids")
        for index, entry in enumerate(history):
            if not isinstance(entry, str):
                raise AdapterRegistryError(f"{path}: history[{index}] is {entry!r}, expected an adapter id (a string)")
        if active != (history[-1] if history else None):
            raise AdapterRegistryError(f"{path}: 'active' is {active!r}, but the history ends with "
                                       f"{history[-1] if history else None!r}; they must agree")
        known = self.store.adapter_ids()
        for entry in history:
            if entry not in known:
                raise AdapterRegistryError(
                    f"{path}: names adapter {entry!r}, which this run does not have (known: "
                    f"{', '.join(sorted(known)) or 'none'}); fix the file, or delete it to make the base model active")
        return {"active": active, "history": history}

    def _write_pointer(self, history: list[str]) -> None:
        write_atomically(self.root / POINTER_FILE,
                         json.dumps({"active": history[-1] if history else None, "history": history}) + "\n")

    def active_id(self) -> str | None:
        """The active adapter's id; None means the base model alone."""
        active = self._pointer()["active"]
        return str(active) if active is not None else None

    def active(self) -> AdapterRecord | None:
        active = self.active_id()
        return self.get(active) if active else None

    # --- records ------------------------------------------------------------------------------

    def get(self, adapter_id: str) -> AdapterRecord:
        record = self.store.adapter(adapter_id)
        if record is None:
            known = ", ".join(r.id for r in self.list()) or "none"
            raise AdapterRegistryError(f"no adapter {adapter_id!r} in {self.root} (known: {known})")
        return record

    def list(self) -> list[AdapterRecord]:
        return self.store.adapters()

    def _set_status(self, adapter_id: str, status: str) -> None:
        self.store.set_adapter_status(adapter_id, status)

    def _repair_statuses(self) -> None:
        """Make store statuses agree with the pointer after a crash between the two writes."""
        history = set(self._pointer()["history"])
        for record in self.list():
            if record.id in history and record.status != "promoted":
                self._set_status(record.id, "promoted")
            elif record.id not in history and record.status == "promoted":
                self._set_status(record.id, "rolled_back")

    def _deactivate_unusable(self) -> None:
        """Fall back from an active adapter whose files went bad on disk to the one promoted before it."""
        history = self._pointer()["history"]
        dropped: builtins.list[tuple[str, str]] = []
        while history:
            record = self.get(history[-1])
            try:
                validate_adapter(record.path, base_model=record.base_model)
                break
            except InvalidAdapter as exc:
                dropped.append((record.id, str(exc)))
                history.pop()
        if not dropped:
            return
        self._write_pointer(history)
        for adapter_id, reason in dropped:
            self._set_status(adapter_id, "rolled_back")  # not "rejected": the gate had accepted it
            record = self.get(adapter_id)
            self.store.set_adapter_metadata(adapter_id, {**record.metadata, "deactivated": reason})
        now = f"adapter {history[-1]}" if history else "the base model"
        for adapter_id, reason in dropped:
            warn(f"active adapter {adapter_id} is unusable ({reason}); {now} is active instead")

    # --- operations ---------------------------------------------------------------------------

    def register(
        self, source: Path, *, strategy: str, dataset_hash: str | None, base_model: str | None,
        parent_id: str | None = None, run_id: str | None = None, cycle: int | None = None,
        metadata: Mapping[str, Any] | None = None, module_shapes: Mapping[str, tuple[int, int]] | None = None,
    ) -> AdapterRecord:
        """Validate `source`, copy it into the registry and record it as a candidate."""
        validate_adapter(source, base_model=base_model, module_shapes=module_shapes)
        adapter_id = f"a{uuid.uuid4().hex[:10]}"
        target = self.root / adapter_id
        staging = self.root / f".{adapter_id}.staging"
        shutil.copytree(source, staging)
        staging.rename(target)  # the directory appears whole or not at all
        self.store.record_adapter(adapter_id, path=target, strategy=strategy, dataset_hash=dataset_hash,
                                  base_model=base_model, parent_id=parent_id, run_id=run_id, cycle=cycle,
                                  metadata=metadata or {})
        return self.get(adapter_id)

    def validate(self, adapter_id: str, *, base_model: str | None = None,
                 module_shapes: Mapping[str, tuple[int, int]] | None = None) -> AdapterInfo:
        record = self.get(adapter_id)
        return validate_adapter(record.path, base_model=base_model or record.base_model, module_shapes=module_shapes)

    def promote(self, adapter_id: str, *, base_model: str | None = None,
                module_shapes: Mapping[str, tuple[int, int]] | None = None) -> AdapterRecord:
        """Make `adapter_id` active after validating it again (files may have changed on disk)."""
        record = self.get(adapter_id)
        if record.status in ("rejected",):
            raise AdapterRegistryError(f"adapter {adapter_id} was rejected by the gate; it cannot be promoted")
        try:
            self.validate(adapter_id, base_model=base_model, module_shapes=module_shapes)
        except InvalidAdapter:
            self._set_status(adapter_id, "rejected")
            raise
        history = [h for h in self._pointer()["history"] if h != adapter_id] + [adapter_id]
        self._write_pointer(history)  # the switch: one atomic rename
        self._set_status(adapter_id, "promoted")
        return self.get(adapter_id)

    def reject(self, adapter_id: str) -> AdapterRecord:
        if adapter_id == self.active_id():
            raise AdapterRegistryError(f"adapter {adapter_id} is active; roll it back instead")
        self._set_status(adapter_id, "rejected")
        return self.get(adapter_id)

    def rollback(self) -> AdapterRecord | None:
        """Deactivate the active adapter and reactivate the one promoted before it (None: base model)."""
        history = self._pointer()["history"]
        if not history:
            raise AdapterRegistryError("nothing to roll back: no adapter is active (the base model is in use)")
        current = history.pop()
        self._write_pointer(history)
        self._set_status(current, "rolled_back")
        self._deactivate_unusable()
        return self.active()

    def prune(self, *, keep: int = 0) -> builtins.list[str]:
        """Delete files of rejected and rolled-back adapters (keeping the newest `keep`); active ones stay."""
        protected = set(self._pointer()["history"])
        prunable = [r for r in self.list() if r.status in ("rejected", "rolled_back") and r.id not in protected]
        removed = []
        for record in prunable[: max(0, len(prunable) - keep)]:
            if record.path.exists():
                shutil.rmtree(record.path)
                removed.append(record.id)
        return removed
