"""Real crates, offline: locate or install a crate, prepare a work copy, build and test it in the sandbox.

The build and test run in the core's project sandbox (sleepy.ProjectSandbox); the names for it
here are the core's under their first names (CrateSandbox, CrateRun, CrateLimits, ...).
"""

from sleepy_crates.offline.errors import (
    CrateCacheError,
    CrateError,
    CrateNotFound,
    MalformedCrate,
    PackageUnavailable,
)
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
from sleepy_crates.offline.sandbox import (
    BinaryRun,
    BuildCache,
    CaseOutcome,
    CrateLimits,
    CrateRun,
    CrateSandbox,
    Selection,
    TestCase,
    Unit,
)
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
