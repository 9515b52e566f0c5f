"""Work copies that build offline: the registry configuration and the Cargo.toml rewrite, recorded."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from offline_fixtures import FIXTURE_CRATE, fake_registry, write_tree
from sleepy_crates.offline import (
    CrateSource,
    ExcludedTarget,
    MalformedCrate,
    UnavailableDependency,
    local_crate,
    prepare_work_copy,
)
from sleepy_crates.offline.workcopy import RECORD


def _fixture(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "project", FIXTURE_CRATE)


def test_config_replaces_crates_io_by_the_registry_and_goes_offline(tmp_path: Path) -> None:
    registry = fake_registry(tmp_path / "registry", {"strsim-0.10.0": "strsim"})
    prepared = prepare_work_copy(local_crate(_fixture(tmp_path)), tmp_path / "work", registry)
    config = tomllib.loads((prepared.path / ".cargo" / "config.toml").read_text())
    assert config == {
        "source": {"crates-io": {"replace-with": "debian"}, "debian": {"directory": str(registry.root)}},
        "net": {"offline": True},
    }


def test_missing_optional_and_dev_dependencies_are_dropped_and_recorded(tmp_path: Path) -> None:
    registry = fake_registry(tmp_path / "registry", {"strsim-0.10.0": "strsim"})
    project = _fixture(tmp_path)
    prepared = prepare_work_copy(local_crate(project), tmp_path / "work", registry)
    manifest = tomllib.loads((prepared.path / "Cargo.toml").read_text())
    assert manifest["dependencies"] == {"strsim": "0.10"}
    assert "dev-dependencies" in manifest and manifest["dev-dependencies"] == {}
    # serialize needs serde, extra needs serialize; default and weak only lose their entries.
    assert manifest["features"] == {"default": ["fast"], "fast": [], "weak": ["fast"]}
    assert manifest["package"]["autotests"] is False
    assert manifest["test"] == [{"name": "plain", "path": "tests/plain.rs"}]
    changes = prepared.changes
    assert [(d.table, d.name) for d in changes.dropped_dependencies] == [
        ("dependencies", "serde"), ("dev-dependencies", "sleepy-absent-devdep")
    ]
    assert changes.dropped_features == ("serialize", "extra")
    assert changes.trimmed_features == ("default", "weak")
    assert changes.excluded_targets == (
        ExcludedTarget("test", "uses_absent", "tests/uses_absent.rs", ("sleepy-absent-devdep",)),
        ExcludedTarget("lib-doc-tests", "offline-fixture", "src/lib.rs", ("sleepy-absent-devdep",)),
    )
    assert manifest["lib"] == {"doctest": False}
    lines = prepared.lines()
    assert "excluded test `uses_absent` (tests/uses_absent.rs): needs sleepy-absent-devdep" in lines
    assert any(line.startswith("dropped dependencies.serde: needs serde 1.0") for line in lines)
    record = json.loads((prepared.path / RECORD).read_text())
    assert record["changes"]["dropped_features"] == ["serialize", "extra"]
    # The source itself is untouched.
    assert (project / "Cargo.toml").read_text() == (tmp_path / "project" / "Cargo.toml").read_text()
    assert "serde" in tomllib.loads((project / "Cargo.toml").read_text())["dependencies"]


def test_a_crate_that_needs_nothing_missing_keeps_its_cargo_toml_byte_for_byte(tmp_path: Path) -> None:
    text = '# keep me\n[package]\nname = "plain"\nversion = "1.0.0"\n\n[dependencies]\nstrsim = "0.10"\n'
    write_tree(tmp_path / "plain", {"Cargo.toml": text, "src/lib.rs": "", "Cargo.lock": "# stale\n"})
    registry = fake_registry(tmp_path / "registry", {"strsim-0.10.0": "strsim"})
    prepared = prepare_work_copy(local_crate(tmp_path / "plain"), tmp_path / "work", registry)
    assert (prepared.path / "Cargo.toml").read_text() == text
    assert not prepared.changes.changed
    assert not (prepared.path / "Cargo.lock").exists()
    assert prepared.notes == ("removed Cargo.lock: dependencies are resolved again against the registry",)


def test_a_dev_dependency_named_in_unit_and_doc_tests_turns_those_off(tmp_path: Path) -> None:
    write_tree(tmp_path / "lib", {
        "Cargo.toml": '[package]\nname = "lib"\nversion = "0.1.0"\n[dev-dependencies]\nquick_absent = "1"\n',
        "src/lib.rs": "//! Like quick_absent, but\n//! ```\n//! quick_absent::go();\n//! ```\n"
                      "#[cfg(test)]\nmod t { use quick_absent::X; }\n",
    })
    prepared = prepare_work_copy(local_crate(tmp_path / "lib"), tmp_path / "work",
                                 fake_registry(tmp_path / "registry", {}))
    manifest = tomllib.loads((prepared.path / "Cargo.toml").read_text())
    assert manifest["lib"] == {"test": False, "doctest": False}
    assert [t.kind for t in prepared.changes.excluded_targets] == ["lib-unit-tests", "lib-doc-tests"]


def test_a_dev_dependency_named_only_in_prose_keeps_the_doc_tests(tmp_path: Path) -> None:
    write_tree(tmp_path / "lib", {
        "Cargo.toml": '[package]\nname = "lib"\nversion = "0.1.0"\n[dev-dependencies]\nquick_absent = "1"\n',
        "src/lib.rs": "//! Faster than quick_absent.\n//! ```\n//! assert!(true);\n//! ```\npub fn f() {}\n",
    })
    prepared = prepare_work_copy(local_crate(tmp_path / "lib"), tmp_path / "work",
                                 fake_registry(tmp_path / "registry", {}))
    assert prepared.changes.excluded_targets == ()
    assert "lib" not in tomllib.loads((prepared.path / "Cargo.toml").read_text())


def test_a_required_dependency_missing_from_the_registry_is_one_line(tmp_path: Path) -> None:
    write_tree(tmp_path / "needy", {
        "Cargo.toml": '[package]\nname = "needy"\nversion = "0.1.0"\n[dependencies]\nstrsim = "0.11"\n',
        "src/lib.rs": "",
    })
    registry = fake_registry(tmp_path / "registry", {"strsim-0.10.0": "strsim"})
    with pytest.raises(UnavailableDependency) as caught:
        prepare_work_copy(local_crate(tmp_path / "needy"), tmp_path / "work", registry)
    assert str(caught.value) == (
        f"{tmp_path / 'needy' / 'Cargo.toml'}: [dependencies] `strsim` needs strsim 0.11 and "
        f"{registry.root} has only 0.10.0; the crate cannot build offline"
    )


@pytest.mark.parametrize(("manifest", "files", "problem"), [
    ('[package]\nname = "m"\nversion = "0.1.0"\n[dependencies]\nfoo = 3\n', {"src/lib.rs": ""},
     "[dependencies] `foo` must be a version string or a table"),
    ('[package]\nname = "m"\nversion = "0.1.0"\n', {}, "no target to build: src/lib.rs and src/main.rs are missing"),
    ('[package]\nversion = "0.1.0"\n', {"src/lib.rs": ""}, "[package] has no `name` string"),
    ('[package]\nname = "m"\n[features]\nx = "y"\n[dependencies.serde]\nversion = "1"\noptional = true\n',
     {"src/lib.rs": ""}, "[features] must map names to lists of strings"),
])
def test_malformed_crates_are_one_line_naming_the_file(
    tmp_path: Path, manifest: str, files: dict[str, str], problem: str,
) -> None:
    write_tree(tmp_path / "m", {"Cargo.toml": manifest, **files})
    source = tmp_path / "m"
    with pytest.raises(MalformedCrate) as caught:
        prepare_work_copy(CrateSource("m", "0.1.0", source, "path"), tmp_path / "work",
                          fake_registry(tmp_path / "registry", {}))
    assert str(caught.value) == f"{source / 'Cargo.toml'}: {problem}"
