"""A run directory holds everything of a run: database, resolved config, seeds, adapters, plots."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from attrs import frozen

from sleepy.config import ResolvedConfig, derive_seed
from sleepy.errors import RunDirError
from sleepy.events import RunInfo
from sleepy.fileio import remove_stale_temp_files, write_atomically
from sleepy.store import EpisodeStore

SEED_PURPOSES = ("day", "sleep", "exploration", "training", "evaluation")


@frozen
class RunDirectory:
    """Paths inside one run directory."""

    path: Path

    @property
    def database(self) -> Path:
        return self.path / "sleepy.db"

    @property
    def config_snapshot(self) -> Path:
        return self.path / "config.resolved.yaml"

    @property
    def seeds(self) -> Path:
        return self.path / "seeds.json"

    @property
    def run_file(self) -> Path:
        return self.path / "run.json"

    @property
    def adapters(self) -> Path:
        return self.path / "adapters"

    @property
    def plots(self) -> Path:
        return self.path / "plots"

    def open_store(self, *, create: bool = False) -> EpisodeStore:
        """The run's episode store; without `create`, a missing database is an error."""
        if not create and not self.database.exists():
            raise RunDirError(f"{self.path}: no run here (missing {self.database.name}); run `sleepy day` first")
        if create:
            self.path.mkdir(parents=True, exist_ok=True)
        return EpisodeStore.open(self.database)

    def start(self, resolved: ResolvedConfig, *, command: str, version: str) -> tuple[RunInfo, EpisodeStore]:
        """Create or resume the run: write the config snapshot and seeds, record the run row."""
        config_hash = resolved.config_hash()
        self.path.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(self.path, self.adapters, self.plots)  # left by a kill -9 mid-write
        run_id = self._run_id(config_hash)
        snapshot = resolved.snapshot()
        seed = resolved.config.seed
        write_atomically(self.config_snapshot, yaml.safe_dump(snapshot, sort_keys=False))
        seeds: dict[str, Any] = {"seed": seed, **{p: derive_seed(seed, p) for p in SEED_PURPOSES}}
        write_atomically(self.seeds, json.dumps(seeds, indent=2) + "\n")
        store = self.open_store(create=True)
        store.record_run(run_id, command=command, config_hash=config_hash, config=snapshot, seed=seed,
                         sleepy_version=version)
        return RunInfo(run_id=run_id, run_dir=self.path, command=command, config_hash=config_hash, seed=seed), store

    def record_isolation(self, level: str, note: str, *, command: str) -> None:
        """Note in run.json how the sandbox of this start is isolated (each start replaces the last)."""
        data = json.loads(self.run_file.read_text(encoding="utf-8"))
        data["isolation"] = {"level": level, "note": note, "command": command,
                             "started_at": datetime.now(UTC).isoformat(timespec="seconds")}
        write_atomically(self.run_file, json.dumps(data) + "\n")

    def _run_id(self, config_hash: str) -> str:
        if self.run_file.exists():
            try:
                data = json.loads(self.run_file.read_text(encoding="utf-8"))
                run_id, previous = str(data["run_id"]), str(data["config_hash"])
            except (OSError, ValueError, KeyError) as exc:
                raise RunDirError(f"{self.run_file}: unreadable run file ({exc}); use a new --run-dir") from None
            if previous != config_hash:
                raise RunDirError(
                    f"{self.path}: this run was started with a different config (hash {previous}, now "
                    f"{config_hash}); resume it with the same config or use a new --run-dir"
                )
            return run_id
        run_id = uuid.uuid4().hex[:12]
        write_atomically(self.run_file, json.dumps({"run_id": run_id, "config_hash": config_hash}) + "\n")
        return run_id
