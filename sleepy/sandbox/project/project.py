"""A Cargo project on disk, as the project sandbox needs it: where it is, its package name and version."""

from __future__ import annotations

import tomllib
from pathlib import Path

from attrs import field, frozen

from sleepy.errors import SleepyError


class ProjectError(SleepyError):
    """A Cargo project the sandbox cannot take: an unreadable Cargo.toml, or a build cache it cannot use."""


class BuildCacheError(ProjectError):
    """A build cache is missing, stale or too large for an attempt's scratch space."""


@frozen
class CargoProject:
    """A directory with a Cargo.toml; ``name`` and ``version`` are what cargo gives its test binaries."""

    path: Path = field(converter=Path)
    name: str
    version: str

    @classmethod
    def read(cls, path: str | Path) -> CargoProject:
        """The project at ``path``, named by its Cargo.toml's ``[package]``; one-line ProjectError otherwise."""
        manifest = Path(path) / "Cargo.toml"
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ProjectError(f"{manifest}: cannot read it: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ProjectError(f"{manifest}: invalid TOML: {exc}") from None
        package = data.get("package")
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            raise ProjectError(f"{manifest}: [package] name is missing (a virtual workspace names no package; "
                               "give CargoProject(path, name, version))")
        # Cargo's own default since 1.75; a version inherited from a workspace is not read here.
        version = package.get("version", "0.0.0")
        if not isinstance(version, str):
            raise ProjectError(f"{manifest}: [package] version must be a string, not {version!r}")
        return cls(Path(path), package["name"], version)
