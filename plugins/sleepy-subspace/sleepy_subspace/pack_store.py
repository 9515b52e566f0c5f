"""Where packs are found: the local store and installed distributions. Light (no torch): `sleepy packs list`.

- The local store: ``$SLEEPY_PACKS_DIR``, else ``packs`` under the sleepy cache (``$SLEEPY_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/sleepy-coder``, else ``~/.cache/sleepy-coder``: where the model plugins cache models).
  It holds ``packs/<name>/`` (pack.json + coefficients) and ``bases/<sha256>/`` (each basis once, by hash).
- Installed distributions: every entry point in the group ``sleepy.packs`` names a package (its value, e.g.
  ``my_packs.data``) whose directory holds pack directories, each carrying its basis.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
from pathlib import Path

from attrs import frozen

from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.pack_info import PACK_FILE, PackInfo, read_pack_info

ENTRY_POINT_GROUP = "sleepy.packs"
STORE_ENV = "SLEEPY_PACKS_DIR"
LOCAL = "local"
INSTALLED = "installed"


def default_store() -> Path:
    """``$SLEEPY_PACKS_DIR``, else ``<sleepy cache>/packs`` (the cache rule of `sleepy.doctor.model_cache_dir`)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    if os.environ.get("SLEEPY_CACHE_DIR"):
        cache = Path(os.environ["SLEEPY_CACHE_DIR"]).expanduser()
    elif os.environ.get("XDG_CACHE_HOME"):
        cache = Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "sleepy-coder"
    else:
        cache = Path.home() / ".cache" / "sleepy-coder"
    return cache / "packs"


def pack_dir(store: Path, name: str) -> Path:
    return store / "packs" / name


def basis_dir(store: Path, sha256: str) -> Path:
    return store / "bases" / sha256


@frozen
class PackEntry:
    """One pack found: where, from which source, and its record (or the one line saying why it is unreadable)."""

    name: str
    path: Path
    source: str  # local or installed
    distribution: str | None  # the distribution whose entry point named it (installed packs)
    info: PackInfo | None
    error: str | None = None

    def describe_source(self) -> str:
        return f"{INSTALLED} ({self.distribution})" if self.source == INSTALLED else LOCAL


def _entry(directory: Path, source: str, distribution: str | None) -> PackEntry:
    try:
        info = read_pack_info(directory)
    except SubspaceError as exc:
        return PackEntry(directory.name, directory, source, distribution, None, str(exc))
    return PackEntry(info.name, directory, source, distribution, info)


def _packs_in(directory: Path, source: str, distribution: str | None) -> list[PackEntry]:
    if not directory.is_dir():
        return []
    return [_entry(child, source, distribution) for child in sorted(directory.iterdir())
            if child.is_dir() and not child.name.startswith(".") and (child / PACK_FILE).exists()]


def local_packs(store: Path) -> list[PackEntry]:
    return _packs_in(store / "packs", LOCAL, None)


def installed_packs() -> list[PackEntry]:
    """Packs of installed distributions, through the ``sleepy.packs`` entry point group."""
    found: list[PackEntry] = []
    for point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        distribution = point.dist.name if point.dist is not None else point.name
        where = f"entry point {point.name} = {point.value!r} of {distribution} (group {ENTRY_POINT_GROUP})"
        try:
            root = importlib.resources.files(point.value)
        except (ImportError, TypeError, ValueError) as exc:  # listed as unreadable: other packs still show
            found.append(PackEntry(point.name, Path(point.value), INSTALLED, distribution, None,
                                   f"{where}: not an importable package ({exc}); expected a package holding pack "
                                   "directories"))
            continue
        if not isinstance(root, Path):  # a zipped package: its files have no paths to read safetensors from
            found.append(PackEntry(point.name, Path(point.value), INSTALLED, distribution, None,
                                   f"{where}: the package is not a directory on disk (zipped?); expected an "
                                   "installed package directory"))
            continue
        found.extend(_packs_in(root, INSTALLED, distribution))
    return found


def discover(store: Path) -> list[PackEntry]:
    """Every pack: the local store's first, then installed ones."""
    return local_packs(store) + installed_packs()


def find(name: str, store: Path) -> PackEntry:
    """The pack called `name` (the local store wins over an installed one of the same name)."""
    entries = discover(store)
    for entry in entries:
        if entry.name == name:
            if entry.error is not None:
                raise SubspaceError(entry.error)
            return entry
    names = sorted({e.name for e in entries})
    raise SubspaceError(f"no pack named {name!r} in the local store {store} or installed packages; "
                        f"found {', '.join(names) if names else 'none'}")
