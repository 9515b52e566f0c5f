"""Real cargo, offline, in the sandbox: the packaged strsim crate, a mutant of it, and a user's project.

Needs librust-strsim-dev (scripts/ensure_crates.sh), cargo in the toolchain and a jail; the
tests skip without them, except under CI, where they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from offline_fixtures import FIXTURE_CRATE, sandbox_or_skip, strsim_or_skip, write_tree
from sleepy_crates.offline import (
    BuildCache,
    CaseOutcome,
    CrateSandbox,
    local_crate,
    prepare_work_copy,
)

from sleepy.sandbox import IsolationLevel, Outcome

HAMMING_LINE = "(Some(x), Some(y)) => if x != y { count += 1 },"


@pytest.fixture(scope="module")
def sandbox() -> CrateSandbox:
    return sandbox_or_skip()


@pytest.fixture(scope="module")
def strsim(sandbox: CrateSandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildCache]:
    source = strsim_or_skip()
    work = tmp_path_factory.mktemp("strsim")
    prepared = prepare_work_copy(source, work / "work")
    yield sandbox.build_cache(prepared, work / "cache", doc_tests=True)


def test_the_packaged_crate_builds_and_passes_offline_in_the_jail(sandbox: CrateSandbox, strsim: BuildCache) -> None:
    baseline = strsim.baseline
    assert sandbox.isolation in (IsolationLevel.BWRAP, IsolationLevel.UNSHARE)
    assert baseline.outcome is Outcome.PASSED, baseline.reason
    counts = baseline.counts()
    assert set(counts) == {"lib:strsim", "test:lib", "doc:strsim"}
    assert all(row["failed"] == 0 for row in counts.values())
    if strsim.version == "0.10.0":  # Debian 12's package
        passed = {key: row["passed"] for key, row in counts.items()}
        assert passed == {"lib:strsim": 88, "test:lib": 8, "doc:strsim": 11}
    # Keyed by (binary, name): no two cases share a key, though a name may repeat across binaries.
    reported = sum(run.summary.total for run in baseline.binaries)
    assert len({case.key for case in baseline.cases}) == len(baseline.cases) == reported
    assert baseline.build_seconds > 0 and baseline.test_seconds > 0
    assert (strsim.path / "target").is_dir() and (strsim.path / "Cargo.lock").is_file()


def test_a_broken_function_fails_the_tests_that_cover_it(sandbox: CrateSandbox, strsim: BuildCache) -> None:
    lib = (strsim.path / "src" / "lib.rs").read_text()
    assert HAMMING_LINE in lib
    run = sandbox.attempt(strsim, {"src/lib.rs": lib.replace(HAMMING_LINE, HAMMING_LINE.replace("!=", "=="))})
    assert run.outcome is Outcome.TEST_FAILURE
    failed = run.keys(CaseOutcome.FAILED)
    assert ("lib:strsim", "tests::hamming_diff") in failed
    assert {binary for binary, _ in failed} == {"lib:strsim", "test:lib"}
    assert all("hamming" in name for _, name in failed)
    assert len(run.keys(CaseOutcome.PASSED)) > 80  # the other metrics are untouched
    messages = [case.message for case in run.cases if case.outcome is CaseOutcome.FAILED]
    assert all("left" in message and "right" in message for message in messages)
    assert run.build_seconds < strsim.baseline.build_seconds + 30


def test_a_type_error_reports_its_code_and_runs_no_test(sandbox: CrateSandbox, strsim: BuildCache) -> None:
    lib = (strsim.path / "src" / "lib.rs").read_text()
    broken = lib.replace("let mut count = 0;", 'let mut count = "0";', 1)
    assert broken != lib
    run = sandbox.attempt(strsim, {"src/lib.rs": broken})
    assert run.outcome is Outcome.COMPILE_ERROR
    assert run.first_error_code in {"E0308", "E0277", "E0368"}
    assert run.reason.startswith(f"error[{run.first_error_code}]")
    assert run.errors[0].primary_span is not None and run.errors[0].primary_span.file_name == "src/lib.rs"
    assert run.cases == () and run.binaries == ()


def test_a_change_to_one_test_file_reuses_the_cached_library(sandbox: CrateSandbox, strsim: BuildCache) -> None:
    tests = (strsim.path / "tests" / "lib.rs").read_text()
    broken = tests.replace("assert_eq!(3, levenshtein(", "assert_eq!(4, levenshtein(", 1)
    assert broken != tests
    run = sandbox.attempt(strsim, {"tests/lib.rs": broken}, selection={"test:lib": []})
    assert run.outcome is Outcome.TEST_FAILURE
    assert set(run.counts()) == {"test:lib"}
    assert run.keys(CaseOutcome.FAILED) == {("test:lib", "levenshtein_works")}
    # Only the integration test was compiled; the library came from the pristine build.
    assert [(u.kind, u.name) for u in run.compiled] == [("test", "lib")]
    assert [(u.kind, u.name, u.test) for u in run.units if u.fresh] == [("lib", "strsim", False)]


def test_a_selection_runs_exactly_the_named_tests(sandbox: CrateSandbox, strsim: BuildCache) -> None:
    names = ["tests::hamming_diff", "tests::jaro_both_empty"]
    run = sandbox.attempt(strsim, selection={"lib:strsim": names})
    assert run.outcome is Outcome.PASSED, run.reason
    assert run.keys(CaseOutcome.PASSED) == {("lib:strsim", name) for name in names}
    assert not any(u.name == "lib" and u.kind == "test" for u in run.units)  # tests/lib.rs was not even built


@pytest.mark.parametrize("path", ["Cargo.toml", ".cargo/config.rs", "../escape.rs", "/abs.rs", "target/x.rs"])
def test_only_rust_files_of_the_crate_may_be_replaced(sandbox: CrateSandbox, strsim: BuildCache, path: str) -> None:
    run = sandbox.attempt(strsim, {path: "fn main() {}"})
    assert run.outcome is Outcome.SANDBOX_VIOLATION
    assert run.reason.startswith(f"{path}: only .rs files inside the crate")


def test_a_project_with_a_missing_optional_dependency_builds_and_tests_in_the_jail(
    sandbox: CrateSandbox, tmp_path: Path,
) -> None:
    strsim_or_skip()
    project = write_tree(tmp_path / "project", FIXTURE_CRATE)
    prepared = prepare_work_copy(local_crate(project), tmp_path / "work")
    assert [d.name for d in prepared.changes.dropped_dependencies] == ["serde", "sleepy-absent-devdep"]
    # Its doc test needs the missing dev-dependency: turned off, so asking for doc tests runs none.
    cache = sandbox.build_cache(prepared, tmp_path / "cache", doc_tests=True)
    baseline = cache.baseline
    assert baseline.outcome is Outcome.PASSED, baseline.reason + baseline.cargo_stderr[-2000:]
    # The jail checks run as the crate's own tests: registry read-only, no host files, no network.
    assert baseline.keys(CaseOutcome.PASSED) == {
        ("lib:offline_fixture", "tests::distance_of_kitten_and_sitting"),
        ("lib:offline_fixture", "tests::registry_is_visible_and_read_only"),
        ("lib:offline_fixture", "tests::host_files_are_not_visible"),
        ("lib:offline_fixture", "tests::network_is_unreachable"),
        ("test:plain", "one_edit"),
    }
    assert any(u.package.startswith("strsim@") and not u.fresh for u in baseline.units)
    lib = (cache.path / "src" / "lib.rs").read_text()
    mutant = lib.replace("strsim::levenshtein(a, b)", "strsim::levenshtein(a, b) + 1")
    run = sandbox.attempt(cache, {"src/lib.rs": mutant})
    assert run.keys(CaseOutcome.FAILED) == {
        ("lib:offline_fixture", "tests::distance_of_kitten_and_sitting"), ("test:plain", "one_edit"),
    }
    # The registry dependency is reused from the pristine build; only the project is compiled again.
    assert {u.package.split("@")[0] for u in run.compiled} == {"offline-fixture"}
    assert any(u.package.startswith("strsim@") and u.fresh for u in run.units)
