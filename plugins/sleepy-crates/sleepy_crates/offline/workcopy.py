"""A work copy of a crate that cargo builds offline: registry source replacement and a resolvable Cargo.toml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import attrs
import tomli_w
from attrs import frozen

from sleepy import CargoProject
from sleepy_crates.offline.errors import MalformedCrate
from sleepy_crates.offline.manifest import ManifestChanges, plan_rewrite
from sleepy_crates.offline.registry import CrateSource, Registry, read_manifest

RECORD = "sleepy-prepared.json"
# Never copied: build output and VCS data are large and useless to a build from scratch.
_SKIPPED = ("target", ".git", ".hg", ".svn")


@frozen
class PreparedCrate:
    """A crate copied to ``path`` and made to build offline; ``changes`` and ``notes`` say what was altered."""

    source: CrateSource
    path: Path
    registry_root: Path
    changes: ManifestChanges
    notes: tuple[str, ...] = ()  # other changes: a removed Cargo.lock, a replaced .cargo/config.toml

    @property
    def project(self) -> CargoProject:
        """The work copy as the core's project sandbox takes it."""
        return CargoProject(self.path, self.source.name, self.source.version)

    def lines(self) -> list[str]:
        """Every change, one line each."""
        return self.changes.lines() + list(self.notes)


def cargo_config(registry_root: Path) -> str:
    """``.cargo/config.toml``: crates-io replaced by the registry directory, and no network."""
    return tomli_w.dumps({
        "source": {"crates-io": {"replace-with": "debian"}, "debian": {"directory": str(registry_root)}},
        "net": {"offline": True},
    })


def prepare_work_copy(source: CrateSource, work_dir: str | Path, registry: Registry | None = None) -> PreparedCrate:
    """Copy ``source`` into ``work_dir/NAME-VERSION`` and make it build from ``registry`` alone.

    Raises MalformedCrate (one line naming the file) for a Cargo.toml cargo would refuse, and
    UnavailableDependency when a required dependency is not in the registry.
    """
    registry = registry if registry is not None else Registry()
    manifest_path = source.path / "Cargo.toml"
    data = read_manifest(manifest_path)
    if "package" in data:
        _check_lib_layout(source.path, data, manifest_path)
    new_data, changes = plan_rewrite(data, source.path, registry, manifest_path)
    dest = Path(work_dir) / f"{source.name}-{source.version}"
    if dest.exists():
        shutil.rmtree(dest)
    # Links stay links: a link in a user's project must not copy a host file into the jail.
    shutil.copytree(source.path, dest, symlinks=True, ignore=shutil.ignore_patterns(*_SKIPPED))
    for path in (dest, *dest.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o700)  # Debian's files are root's, read-only to us otherwise
        elif path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o600)
    notes: list[str] = []
    if changes.changed:
        (dest / "Cargo.toml").write_text(tomli_w.dumps(new_data), encoding="utf-8")
    lock = dest / "Cargo.lock"
    if lock.exists():
        # Its versions and checksums are crates.io's; the registry's copies must be resolved afresh.
        lock.unlink()
        notes.append("removed Cargo.lock: dependencies are resolved again against the registry")
    config = dest / ".cargo" / "config.toml"
    if config.exists() or (dest / ".cargo" / "config").exists():
        notes.append("replaced the project's .cargo/config.toml with the offline registry configuration")
        (dest / ".cargo" / "config").unlink(missing_ok=True)
    config.parent.mkdir(exist_ok=True)
    config.write_text(cargo_config(registry.root), encoding="utf-8")
    prepared = PreparedCrate(source, dest, registry.root, changes, tuple(notes))
    (dest / RECORD).write_text(json.dumps(_record(prepared), indent=2) + "\n", encoding="utf-8")
    return prepared


def _check_lib_layout(root: Path, data: dict[str, object], manifest_path: Path) -> None:
    """A crate with neither a lib nor a bin target is one cargo refuses: say so before building."""
    lib = data.get("lib")
    lib_path = lib.get("path") if isinstance(lib, dict) else None
    candidates = [root / str(lib_path)] if lib_path else [root / "src" / "lib.rs"]
    candidates.append(root / "src" / "main.rs")
    bins = data.get("bin")
    if any(p.is_file() for p in candidates) or (isinstance(bins, list) and bins) or (root / "src" / "bin").is_dir():
        return
    shown = str(lib_path) if lib_path else "src/lib.rs"
    raise MalformedCrate(manifest_path, f"no target to build: {shown} and src/main.rs are missing")


def _record(prepared: PreparedCrate) -> dict[str, object]:
    def plain(value: object) -> object:
        return str(value) if isinstance(value, Path) else value

    return attrs.asdict(prepared, value_serializer=lambda _inst, _field, value: plain(value))
