"""The core's project sandbox (sleepy.ProjectSandbox) under this package's names, taking a PreparedCrate.

Building and testing a Cargo project in the jail is the core's job; this package prepares the
Debian crate (the work copy) and hands it over. The other names are the core's, kept so code
written against ``sleepy_crates.offline`` keeps working.
"""

from __future__ import annotations

from pathlib import Path

from sleepy import (
    BinaryRun,
    BuildCache,
    CargoProject,
    CargoTestCase,
    CargoUnit,
    CaseOutcome,
    ProjectLimits,
    ProjectRun,
    ProjectSandbox,
    TestSelection,
)
from sleepy_crates.offline.workcopy import PreparedCrate

CrateLimits = ProjectLimits
CrateRun = ProjectRun
Selection = TestSelection
TestCase = CargoTestCase
Unit = CargoUnit

__all__ = [
    "BinaryRun",
    "BuildCache",
    "CaseOutcome",
    "CrateLimits",
    "CrateRun",
    "CrateSandbox",
    "Selection",
    "TestCase",
    "Unit",
]


class CrateSandbox(ProjectSandbox):
    """A ProjectSandbox whose ``build_cache`` also takes a prepared work copy."""

    def build_cache(
        self, project: CargoProject | PreparedCrate, cache_dir: str | Path, *, doc_tests: bool = True,
    ) -> BuildCache:
        """Build and test the pristine crate once (see ProjectSandbox.build_cache)."""
        if isinstance(project, PreparedCrate):
            project = project.project
        return super().build_cache(project, cache_dir, doc_tests=doc_tests)
