"""Where crates come from: Debian's registry directory (``librust-NAME-dev``) or a local Cargo project."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

from attrs import frozen

from sleepy_crates.offline.errors import CrateNotFound, MalformedCrate, PackageUnavailable
from sleepy_crates.offline.versions import Version, satisfies

DEBIAN_REGISTRY = Path("/usr/share/cargo/registry")
# "version-compare-0.1.1", "foo-1.0.0-rc.1": the name is the shortest prefix before a version.
_DIR_RE = re.compile(r"(?P<name>.+?)-(?P<version>\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)")
_APT_TIMEOUT_S = 600.0


def normalize(name: str) -> str:
    """Cargo treats ``-`` and ``_`` in crate names as the same; so do Debian's package names."""
    return name.strip().lower().replace("_", "-")


def debian_package(name: str) -> str:
    """The Debian package that ships crate ``name``: ``librust-NAME-dev``."""
    return f"librust-{normalize(name)}-dev"


@frozen
class CrateSource:
    """A crate to turn into tasks: its name, version, source directory and where it came from."""

    name: str
    version: str
    path: Path
    origin: str  # "debian" (a registry directory) or "path" (a user's project)


class Registry:
    """A directory of unpacked crates laid out as ``NAME-VERSION/`` (Debian's cargo registry)."""

    def __init__(self, root: str | Path = DEBIAN_REGISTRY) -> None:
        self.root = Path(root)

    def versions(self, name: str) -> list[tuple[Version, Path]]:
        """Every version of crate ``name`` here, oldest first (none when the directory is absent)."""
        wanted = normalize(name)
        found = []
        if self.root.is_dir():
            for entry in self.root.iterdir():
                match = _DIR_RE.fullmatch(entry.name)
                if match is None or normalize(match.group("name")) != wanted:
                    continue
                version = Version.parse(match.group("version"))
                if version is not None and (entry / "Cargo.toml").is_file():
                    found.append((version, entry))
        return sorted(found, key=lambda item: item[0])

    def has(self, name: str, requirement: str = "*") -> bool:
        """Whether some version of ``name`` here meets ``requirement`` (a Cargo version requirement)."""
        return any(satisfies(requirement, version) for version, _ in self.versions(name))

    def newest(self, name: str) -> CrateSource:
        """The newest version of ``name``; raises CrateNotFound naming the registry and the package."""
        versions = self.versions(name)
        if not versions:
            raise CrateNotFound(
                f"{self.root}: no crate `{name}` (install the Debian package {debian_package(name)})"
            )
        version, path = versions[-1]
        return CrateSource(_package_name(path / "Cargo.toml", path.name), str(version), path, "debian")


def locate_crate(
    name: str, registry: Registry | None = None, *, install: bool = False,
    runner: Callable[[Sequence[str]], subprocess.CompletedProcess[str]] | None = None,
) -> CrateSource:
    """The newest ``name`` in the registry, installing its Debian package first when ``install`` allows."""
    registry = registry if registry is not None else Registry()
    if install and not registry.versions(name):
        install_debian_crate(name, runner=runner)
    return registry.newest(name)


def install_debian_crate(
    name: str, *, runner: Callable[[Sequence[str]], subprocess.CompletedProcess[str]] | None = None,
) -> None:
    """``apt-get install -y librust-NAME-dev``; raises PackageUnavailable in one line when that fails."""
    package = debian_package(name)
    if not re.fullmatch(r"librust-[a-z0-9][a-z0-9.+-]*-dev", package):
        raise PackageUnavailable(f"{name!r} is not a crate name a Debian package could carry")
    if runner is None and shutil.which("apt-get") is None:
        raise PackageUnavailable(f"cannot install {package}: apt-get is not available on this machine")
    done = (runner or _run)(["apt-get", "install", "-y", "-q", package])
    if done.returncode == 0:
        return
    output = f"{done.stdout}\n{done.stderr}"
    if "Unable to locate package" in output or "has no installation candidate" in output:
        raise PackageUnavailable(f"no Debian package {package} (apt-get: unable to locate it; try apt-get update)")
    last = next((line.strip() for line in reversed(output.splitlines()) if line.strip()), "")
    raise PackageUnavailable(f"apt-get install {package} failed with status {done.returncode}: {last}")


def local_crate(path: str | Path) -> CrateSource:
    """A Cargo project on disk (a user's repository): the directory holding its Cargo.toml."""
    root = Path(path).expanduser().resolve()
    manifest = root / "Cargo.toml"
    if not manifest.is_file():
        raise CrateNotFound(f"{root}: no Cargo.toml here (expected the root of a Cargo project)")
    data = read_manifest(manifest)
    package = data.get("package")
    version = package.get("version") if isinstance(package, dict) else None
    return CrateSource(
        _package_name(manifest, root.name), version if isinstance(version, str) else "0.0.0", root, "path"
    )


def read_manifest(path: Path) -> dict[str, object]:
    """Parse a Cargo.toml with a real TOML parser; raises MalformedCrate naming the file and the fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedCrate(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise MalformedCrate(path, f"cannot be read ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MalformedCrate(path, f"invalid TOML: {exc}") from None
    if "package" not in data and "workspace" not in data:
        raise MalformedCrate(path, "neither a [package] nor a [workspace] table")
    package = data.get("package")
    if package is not None and not isinstance(package, dict):
        raise MalformedCrate(path, "`package` must be a table")
    if isinstance(package, dict) and not isinstance(package.get("name"), str):
        raise MalformedCrate(path, "[package] has no `name` string")
    return data


def _package_name(manifest: Path, fallback: str) -> str:
    package = read_manifest(manifest).get("package")
    name = package.get("name") if isinstance(package, dict) else None
    return name if isinstance(name, str) else fallback


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, timeout=_APT_TIMEOUT_S, check=False,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"},
    )
