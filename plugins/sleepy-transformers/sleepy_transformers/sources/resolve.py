"""Build the source a reference names and resolve it (what the backend calls to find its model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sleepy_transformers.sources.cache import ModelCache
from sleepy_transformers.sources.reference import ModelFiles, parse_reference


def build_source(name: str, *, cache_dir: str | Path | None = None, offline: bool = False,
                 hub_cache_dir: str | Path | None = None) -> Any:
    """The model source `name` (a reference's prefix), built from the backend's settings."""
    if name == "hub":
        from sleepy_transformers.sources.hub import HubSource

        return HubSource(hub_cache_dir, offline)
    if name == "local":
        from sleepy_transformers.sources.local import LocalSource

        return LocalSource()
    if name == "gguf":
        from sleepy_transformers.sources.gguf import GgufSource

        return GgufSource(ModelCache.at(cache_dir))
    if name == "pypi-wheel":
        from sleepy_transformers.sources.wheel import WheelSource

        return WheelSource(ModelCache.at(cache_dir), offline)
    raise ValueError(f"no model source {name!r}")


def resolve_model(model: str, *, cache_dir: str | Path | None = None, offline: bool = False,
                  hub_cache_dir: str | Path | None = None) -> ModelFiles:
    """Resolve an alias or reference to local, loadable files (fetching or converting on first use)."""
    reference = parse_reference(model)
    source = build_source(reference.source, cache_dir=cache_dir, offline=offline, hub_cache_dir=hub_cache_dir)
    files: ModelFiles = source.resolve(reference.target)
    return files
