"""Real crates, offline: locate or install a crate, prepare a work copy, build and test it in the sandbox."""

from sleepy_crates.offline.errors import (
    CrateCacheError,
    CrateError,
    CrateNotFound,
    MalformedCrate,
    PackageUnavailable,
)
from sleepy_crates.offline.limits import CrateLimits
from sleepy_crates.offline.manifest import DroppedDependency, ExcludedTarget, ManifestChanges, UnavailableDependency
from sleepy_crates.offline.registry import (
    DEBIAN_REGISTRY,
    CrateSource,
    Registry,
    debian_package,
    install_debian_crate,
    local_crate,
    locate_crate,
)
from sleepy_crates.offline.results import BinaryRun, CaseOutcome, CrateRun, TestCase, Unit
from sleepy_crates.offline.sandbox import BuildCache, CrateSandbox, Selection
from sleepy_crates.offline.workcopy import PreparedCrate, prepare_work_copy

__all__ = [
    "DEBIAN_REGISTRY",
    "BinaryRun",
    "BuildCache",
    "CaseOutcome",
    "CrateCacheError",
    "CrateError",
    "CrateLimits",
    "CrateNotFound",
    "CrateRun",
    "CrateSandbox",
    "CrateSource",
    "DroppedDependency",
    "ExcludedTarget",
    "MalformedCrate",
    "ManifestChanges",
    "PackageUnavailable",
    "PreparedCrate",
    "Registry",
    "Selection",
    "TestCase",
    "UnavailableDependency",
    "Unit",
    "debian_package",
    "install_debian_crate",
    "local_crate",
    "locate_crate",
    "prepare_work_copy",
]
