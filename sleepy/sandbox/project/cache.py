"""The pristine build of a project, kept so that each attempt rebuilds only what its changes touch."""

from __future__ import annotations

import shutil
from pathlib import Path

from attrs import frozen

from sleepy.sandbox.project.results import ProjectRun


@frozen
class BuildCache:
    """A project built once, pristine: its source, Cargo.lock and target dir under ``path``, and its tests' results."""

    path: Path
    name: str
    version: str
    baseline: ProjectRun
    size_bytes: int


def keep_build(source: Path, built: Path, out: Path) -> None:
    """The cache: the untouched source (its own tmp/ too), plus the build's Cargo.lock and target dir."""
    shutil.copytree(source, out, symlinks=True)
    shutil.copytree(built / "target", out / "target", symlinks=True, dirs_exist_ok=True)
    if (built / "Cargo.lock").exists():
        shutil.copy2(built / "Cargo.lock", out / "Cargo.lock")


def tree_bytes(root: Path) -> int:
    """Bytes of the regular files under ``root`` (links not followed)."""
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
