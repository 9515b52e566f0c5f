"""ProjectSandbox: a whole Cargo project built and tested by cargo in the jail, attempts reusing one pristine build.

The project is tiny and has no dependencies, so nothing but cargo in the toolchain and a jail
(bubblewrap or unshare) is needed; without a jail these tests skip, saying why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from sleepy import (
    BuildCache,
    BuildCacheError,
    CargoProject,
    CaseOutcome,
    IsolationLevel,
    IsolationUnavailable,
    Outcome,
    ProcessLimits,
    ProjectLimits,
    ProjectSandbox,
)
from tests.sandbox.project_fixture import ADD_LINE, write_project

UNIT_TESTS = {"tests::adds", "tests::doubles", "tests::sees_cargo_s_package_variables",
              "tests::host_files_are_not_visible", "tests::network_is_unreachable"}


def jailed(**options: object) -> ProjectSandbox:
    try:
        box = ProjectSandbox(**options)  # type: ignore[arg-type]
    except IsolationUnavailable as exc:
        pytest.skip(f"no jail here: {exc}")
    if box.isolation is IsolationLevel.NONE:
        pytest.skip("no jail here: the build cache is reused only when the jail fixes the paths")
    return box


@pytest.fixture(scope="module")
def sandbox() -> ProjectSandbox:
    return jailed()


@pytest.fixture(scope="module")
def tally(sandbox: ProjectSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildCache]:
    work = tmp_path_factory.mktemp("tally")
    project = CargoProject.read(write_project(work / "project"))
    yield sandbox.build_cache(project, work / "cache", doc_tests=True)


def lib_source(cache: BuildCache) -> str:
    return (cache.path / "src" / "lib.rs").read_text()


def test_the_pristine_project_builds_and_passes_in_the_jail(tally: BuildCache) -> None:
    baseline = tally.baseline
    assert baseline.outcome is Outcome.PASSED, baseline.reason + baseline.cargo_stderr[-2000:]
    assert baseline.isolation in (IsolationLevel.BWRAP, IsolationLevel.UNSHARE)
    # The jail checks run as the project's own tests: no host files, no network, cargo's variables.
    assert baseline.keys(CaseOutcome.PASSED) == (
        {("lib:tally", name) for name in UNIT_TESTS}
        | {("test:api", "adds"), ("test:api", "doubles_a_sum"), ("doc:tally", "src/lib.rs - add (line 3)")}
    )
    assert baseline.counts()["test:api"] == {"passed": 2, "failed": 0, "ignored": 0}
    assert (tally.name, tally.version) == ("tally", "0.2.0")
    assert (tally.path / "target").is_dir() and (tally.path / "Cargo.lock").is_file()
    assert tally.size_bytes > 0 and baseline.build_seconds > 0 and baseline.test_seconds > 0


def test_a_broken_function_fails_the_tests_that_cover_it_in_every_binary(
    sandbox: ProjectSandbox, tally: BuildCache,
) -> None:
    run = sandbox.attempt(tally, {"src/lib.rs": lib_source(tally).replace(ADD_LINE, "    a * b\n")})
    assert run.outcome is Outcome.TEST_FAILURE
    # Keyed by (binary, name): `adds` fails in the lib's unit tests and in tests/api.rs alike.
    assert run.keys(CaseOutcome.FAILED) == {("lib:tally", "tests::adds"), ("test:api", "adds"),
                                           ("test:api", "doubles_a_sum")}
    assert run.reason.startswith("3 of 7 tests failed: ")
    assert all("left" in c.message and "right" in c.message for c in run.cases if c.outcome is CaseOutcome.FAILED)
    assert "doc:tally" not in run.counts()  # doc tests run in an attempt only when asked


def test_a_type_error_reports_its_code_and_runs_no_test(sandbox: ProjectSandbox, tally: BuildCache) -> None:
    run = sandbox.attempt(tally, {"src/lib.rs": lib_source(tally).replace(ADD_LINE, '    "a + b"\n')})
    assert run.outcome is Outcome.COMPILE_ERROR
    assert run.first_error_code == "E0308"
    assert run.reason.startswith("error[E0308]")
    span = run.errors[0].primary_span
    assert span is not None and (span.file_name, span.line_start) == ("src/lib.rs", 7)
    assert run.cases == () and run.binaries == ()


def test_a_change_to_one_test_file_rebuilds_only_that_test(sandbox: ProjectSandbox, tally: BuildCache) -> None:
    api = (tally.path / "tests" / "api.rs").read_text()
    run = sandbox.attempt(tally, {"tests/api.rs": api.replace("add(1, 1), 2", "add(1, 1), 3")},
                          selection={"test:api": []})
    assert run.keys(CaseOutcome.FAILED) == {("test:api", "adds")}
    assert set(run.counts()) == {"test:api"}
    # The library came from the pristine build: the paths in cargo's fingerprints match in the jail.
    assert [(u.kind, u.name) for u in run.compiled] == [("test", "api")]
    assert [(u.kind, u.name, u.test) for u in run.units if u.fresh] == [("lib", "tally", False)]


def test_a_selection_runs_exactly_the_named_tests(sandbox: ProjectSandbox, tally: BuildCache) -> None:
    run = sandbox.attempt(tally, selection={"lib:tally": ["tests::adds", "tests::doubles"]})
    assert run.outcome is Outcome.PASSED, run.reason
    assert run.keys(CaseOutcome.PASSED) == {("lib:tally", "tests::adds"), ("lib:tally", "tests::doubles")}
    assert not any(u.kind == "test" for u in run.units)  # tests/api.rs was not even built


def test_each_test_binary_reads_the_given_stdin_and_its_stderr_comes_back(
    sandbox: ProjectSandbox, tally: BuildCache,
) -> None:
    echo = ("#[test]\nfn echoes() {\n    let mut text = String::new();\n"
            "    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).unwrap();\n"
            "    std::io::Write::write_all(&mut std::io::stderr(), text.to_uppercase().as_bytes()).unwrap();\n}\n")
    run = sandbox.attempt(tally, {"tests/api.rs": echo}, selection={"test:api": []}, stdin=b"secret 7\n")
    assert run.outcome is Outcome.PASSED, run.reason
    assert [(b.binary, b.stderr) for b in run.binaries] == [("test:api", "SECRET 7\n")]


def test_doc_tests_run_when_the_selection_names_them(sandbox: ProjectSandbox, tally: BuildCache) -> None:
    run = sandbox.attempt(tally, {"src/lib.rs": lib_source(tally).replace(ADD_LINE, "    a * b\n")},
                          selection={"doc:tally": []})
    assert run.keys(CaseOutcome.FAILED) == {("doc:tally", "src/lib.rs - add (line 3)")}
    assert [c.message for c in run.cases] == ["assertion `left == right` failed"]


def test_a_test_that_never_ends_is_stopped_at_its_wall_limit(tally: BuildCache) -> None:
    hasty = jailed(limits=ProjectLimits(run=ProcessLimits(wall_seconds=2.0, cpu_seconds=2)))
    spin = "#[test]\nfn spins() {\n    loop {\n        std::hint::spin_loop();\n    }\n}\n"
    run = hasty.attempt(tally, {"tests/api.rs": spin}, selection={"test:api": []})
    assert run.outcome is Outcome.TIMEOUT, run.reason
    assert run.reason.startswith("test:api: ")
    assert [(b.binary, b.outcome) for b in run.binaries] == [("test:api", Outcome.TIMEOUT)]


@pytest.mark.parametrize("path", ["Cargo.toml", "build.rs.txt", ".cargo/config.rs", "../escape.rs", "/abs.rs",
                                  "target/x.rs", "tmp/x.rs"])
def test_only_rust_files_of_the_project_may_be_replaced(sandbox: ProjectSandbox, tally: BuildCache, path: str) -> None:
    run = sandbox.attempt(tally, {path: "fn main() {}"})
    assert run.outcome is Outcome.SANDBOX_VIOLATION
    assert run.reason.startswith(f"{path}: only .rs files inside the crate")
    assert run.binaries == () and run.units == ()


def test_a_cache_too_large_for_the_scratch_space_is_refused(sandbox: ProjectSandbox, tally: BuildCache) -> None:
    huge = attrs.evolve(tally, size_bytes=sandbox.limits.budget.disk_bytes)
    with pytest.raises(BuildCacheError, match="too much for an attempt's 512 MiB scratch space"):
        sandbox.attempt(huge)


def test_a_project_that_does_not_build_gives_no_cache(sandbox: ProjectSandbox, tmp_path: Path) -> None:
    broken = write_project(tmp_path / "broken", {
        "Cargo.toml": '[package]\nname = "broken"\nversion = "0.1.0"\nedition = "2021"\n',
        "src/lib.rs": 'pub fn f() -> u32 { "one" }\n',
    })
    with pytest.raises(BuildCacheError) as caught:
        sandbox.build_cache(CargoProject.read(broken), tmp_path / "cache")
    assert str(caught.value).startswith(f"{broken}: the pristine project did not build offline: error[E0308]")
    assert not (tmp_path / "cache" / "crate").exists()
