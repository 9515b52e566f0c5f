"""Finding crates in a registry directory, installing Debian's packages, reading a local project."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from offline_fixtures import fake_registry, write_tree
from sleepy_crates.offline import (
    CrateNotFound,
    MalformedCrate,
    PackageUnavailable,
    Registry,
    debian_package,
    install_debian_crate,
    local_crate,
    locate_crate,
)
from sleepy_crates.offline.versions import Version, satisfies


@pytest.mark.parametrize(("requirement", "version", "expected"), [
    ("1.0", "1.0.14", True), ("1.0", "2.0.0", False), ("0.3", "0.3.9", True), ("0.3", "0.4.0", False),
    ("^0.0.3", "0.0.4", False), ("~1.2", "1.2.9", True), ("~1.2", "1.3.0", False),
    (">=1, <2", "1.5.0", True), (">=1, <2", "2.0.0", False), ("*", "3.1.0", True),
    ("=1.2.3", "1.2.4", False), ("1.*", "1.9.0", True), ("1.*", "2.0.0", False), ("1", "1.0.0-rc.1", False),
])
def test_requirements_match_as_cargo_reads_them(requirement: str, version: str, expected: bool) -> None:
    parsed = Version.parse(version)
    assert parsed is not None
    assert satisfies(requirement, parsed) is expected


def test_newest_version_is_chosen_by_semver_not_by_text(tmp_path: Path) -> None:
    registry = fake_registry(tmp_path, {
        "foo-1.2.0": "foo", "foo-1.10.0": "foo", "foo-1.10.0-rc.1": "foo", "foo-bar-2.0.0": "foo-bar",
    })
    assert [str(v) for v, _ in registry.versions("foo")] == ["1.2.0", "1.10.0-rc.1", "1.10.0"]
    newest = registry.newest("foo")
    assert (newest.name, newest.version, newest.path.name, newest.origin) == ("foo", "1.10.0", "foo-1.10.0", "debian")
    # Cargo and Debian treat - and _ alike.
    assert registry.newest("foo_bar").path.name == "foo-bar-2.0.0"
    assert registry.has("foo", "1.10") and not registry.has("foo", "2")


def test_a_missing_crate_names_the_registry_and_the_package(tmp_path: Path) -> None:
    with pytest.raises(CrateNotFound) as caught:
        locate_crate("nope", Registry(tmp_path))
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path) in message and "librust-nope-dev" in message


def test_install_runs_apt_get_only_when_asked(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def apt(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        calls.append(list(argv))
        fake_registry(tmp_path, {"late-0.1.0": "late"})  # what the package would unpack
        return subprocess.CompletedProcess(argv, 0, "", "")

    with pytest.raises(CrateNotFound):
        locate_crate("late", Registry(tmp_path), install=False, runner=apt)
    assert calls == []
    found = locate_crate("late", Registry(tmp_path), install=True, runner=apt)
    assert calls == [["apt-get", "install", "-y", "-q", "librust-late-dev"]]
    assert found.version == "0.1.0"


def test_an_unknown_debian_package_is_one_line() -> None:
    def apt(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(
            argv, 100, "Reading package lists...\n", "E: Unable to locate package librust-no-such-crate-dev\n"
        )

    with pytest.raises(PackageUnavailable) as caught:
        install_debian_crate("no_such_crate", runner=apt)
    assert str(caught.value) == (
        "no Debian package librust-no-such-crate-dev (apt-get: unable to locate it; try apt-get update)"
    )


def test_a_failed_install_quotes_apt_gets_last_line() -> None:
    def apt(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 100, "", "E: Could not open lock file /var/lib/dpkg/lock-frontend\n")

    with pytest.raises(PackageUnavailable, match="status 100: E: Could not open lock file"):
        install_debian_crate("strsim", runner=apt)


def test_a_name_no_package_could_carry_is_refused_before_apt() -> None:
    with pytest.raises(PackageUnavailable, match="not a crate name"):
        install_debian_crate("x; rm -rf /", runner=lambda argv: pytest.fail("apt-get must not run"))
    assert debian_package("Vec_Map") == "librust-vec-map-dev"


def test_a_local_project_is_read_from_its_cargo_toml(tmp_path: Path) -> None:
    write_tree(tmp_path / "mine", {
        "Cargo.toml": '[package]\nname = "mine"\nversion = "0.3.1"\nedition = "2021"\n', "src/lib.rs": "",
    })
    source = local_crate(tmp_path / "mine")
    assert (source.name, source.version, source.origin) == ("mine", "0.3.1", "path")
    with pytest.raises(CrateNotFound, match=r"no Cargo\.toml here"):
        local_crate(tmp_path)


def test_a_malformed_cargo_toml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    write_tree(tmp_path / "broken", {"Cargo.toml": '[package]\nname = "broken"\nversion = \n', "src/lib.rs": ""})
    with pytest.raises(MalformedCrate) as caught:
        local_crate(tmp_path / "broken")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'broken' / 'Cargo.toml'}: invalid TOML")
    assert "line 3" in message
