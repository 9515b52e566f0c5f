"""A whole Cargo project built and tested in the sandbox, offline, reusing one pristine build per project."""

from sleepy.sandbox.project.cache import BuildCache
from sleepy.sandbox.project.limits import ProjectLimits
from sleepy.sandbox.project.project import BuildCacheError, CargoProject, ProjectError
from sleepy.sandbox.project.results import BinaryRun, CargoTestCase, CargoUnit, CaseOutcome, ProjectRun, TestSelection
from sleepy.sandbox.project.sandbox import ProjectSandbox

__all__ = [
    "BinaryRun",
    "BuildCache",
    "BuildCacheError",
    "CargoProject",
    "CargoTestCase",
    "CargoUnit",
    "CaseOutcome",
    "ProjectError",
    "ProjectLimits",
    "ProjectRun",
    "ProjectSandbox",
    "TestSelection",
]
