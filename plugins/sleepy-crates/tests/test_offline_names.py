"""The names sleepy_crates.offline had before the project sandbox moved into the core still work."""

from __future__ import annotations

import sleepy_crates.offline as offline

import sleepy


def test_the_moved_names_are_the_core_s_classes() -> None:
    assert offline.CrateRun is sleepy.ProjectRun
    assert offline.CrateLimits is sleepy.ProjectLimits
    assert offline.TestCase is sleepy.CargoTestCase
    assert offline.Unit is sleepy.CargoUnit
    assert offline.Selection is sleepy.TestSelection
    assert (offline.BinaryRun, offline.BuildCache, offline.CaseOutcome) == (
        sleepy.BinaryRun, sleepy.BuildCache, sleepy.CaseOutcome)
    assert issubclass(offline.CrateSandbox, sleepy.ProjectSandbox)
    # Raised by the core now: a ProjectError, no longer a CrateError.
    assert offline.CrateCacheError is sleepy.BuildCacheError
    assert not issubclass(offline.CrateCacheError, offline.CrateError)


def test_every_exported_name_resolves() -> None:
    assert len(offline.__all__) == 27
    assert all(hasattr(offline, name) for name in offline.__all__)


def test_a_prepared_crate_is_handed_to_the_core_as_a_cargo_project(tmp_path) -> None:
    source = offline.CrateSource(name="tally", version="0.2.0", path=tmp_path / "src", origin="path")
    prepared = offline.PreparedCrate(source, tmp_path / "work", tmp_path / "registry", offline.ManifestChanges())
    assert prepared.project == sleepy.CargoProject(tmp_path / "work", "tally", "0.2.0")
