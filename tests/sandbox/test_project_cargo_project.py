"""CargoProject.read: a project's name and version from its Cargo.toml, or one line saying what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleepy import CargoProject, ProjectError
from tests.sandbox.project_fixture import write_project


def test_name_and_version_come_from_the_package_table(tmp_path: Path) -> None:
    project = CargoProject.read(write_project(tmp_path))
    assert project == CargoProject(tmp_path, "tally", "0.2.0")


def test_a_package_without_a_version_gets_cargo_s_default(tmp_path: Path) -> None:
    write_project(tmp_path, {"Cargo.toml": '[package]\nname = "bare"\n'})
    assert CargoProject.read(str(tmp_path)).version == "0.0.0"


@pytest.mark.parametrize(("manifest", "problem"), [
    (None, "cannot read it"),
    ('[package\nname = "x"', "invalid TOML"),
    ('[workspace]\nmembers = ["a"]\n', "[package] name is missing"),
    ('[package]\nname = "x"\nversion.workspace = true\n', "[package] version must be a string"),
])
def test_a_project_the_sandbox_cannot_name_is_one_line_naming_the_file(
    tmp_path: Path, manifest: str | None, problem: str,
) -> None:
    if manifest is not None:
        (tmp_path / "Cargo.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        CargoProject.read(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'Cargo.toml'}: {problem}") and "\n" not in message
