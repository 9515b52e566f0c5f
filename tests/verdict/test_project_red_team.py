"""The project verdict's red team: replies that try to pass a crate task without fixing its function.

The honest fix passes and the unfixed file does not; every cheat is stopped with all guards on,
and passes when its guard (the one that alone stops it) is switched off, so each guard is needed.
Needs cargo and a jail (bubblewrap or unshare); without one these tests skip, saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sleepy import BuildCache, CargoProject, IsolationLevel, IsolationUnavailable, Outcome, ProjectSandbox
from sleepy.verdict import ALL_PROJECT_GUARDS, ProjectGuard, judge, judge_project
from tests.verdict.project_red_team.cases import CHEATS, Cheat
from tests.verdict.project_red_team.fixture import TASK_FILE, abacus_task, buggy_file, fixed_file, write_abacus

CHEAT_BY_NAME = {cheat.name: cheat for cheat in CHEATS}


@pytest.fixture(scope="module")
def sandbox() -> ProjectSandbox:
    try:
        box = ProjectSandbox()
    except IsolationUnavailable as exc:
        pytest.skip(f"no jail here: {exc}")
    if box.isolation is IsolationLevel.NONE:
        pytest.skip("no jail here: the build cache is reused only when the jail fixes the paths")
    return box


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_abacus(tmp_path_factory.mktemp("abacus") / "project")


@pytest.fixture(scope="module")
def cache(sandbox: ProjectSandbox, project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildCache]:
    built = sandbox.build_cache(CargoProject.read(project), tmp_path_factory.mktemp("abacus-cache"))
    assert built.baseline.passed, built.baseline.reason
    yield built


def _judge_cheat(sandbox: ProjectSandbox, cache: BuildCache, project: Path, cheat: Cheat,
                 guards: frozenset[ProjectGuard] = ALL_PROJECT_GUARDS):
    api = (project / "tests" / "api.rs").read_text(encoding="utf-8")
    files = cheat.files(buggy_file(project), api)
    return judge_project(sandbox, cache, abacus_task(project, cheat.selection), files, guards=guards)


@pytest.mark.parametrize("selection", ["all", "unit", "api", "result"])
def test_the_honest_fix_passes_and_the_unfixed_file_does_not(
    sandbox: ProjectSandbox, cache: BuildCache, project: Path, selection: str,
) -> None:
    task = abacus_task(project, selection)
    fixed = judge_project(sandbox, cache, task, {TASK_FILE: fixed_file(project)})
    assert fixed.outcome is Outcome.PASSED, fixed.reason + fixed.stderr[-2000:]
    assert "__sleepy" not in fixed.stderr  # the proof lines are taken out of what a prompt may show
    unfixed = judge_project(sandbox, cache, task, dict(task.files))
    assert unfixed.outcome is Outcome.TEST_FAILURE, unfixed.reason


def test_a_failing_test_is_named_in_the_reason(sandbox: ProjectSandbox, cache: BuildCache, project: Path) -> None:
    task = abacus_task(project, "all")
    result = judge_project(sandbox, cache, task, dict(task.files))
    assert "lib:abacus::stats::tests::saturates" in result.reason
    assert "test:api::total_saturates" in result.reason
    assert result.tests is not None and result.tests.failed == 2


@pytest.mark.parametrize("name", sorted(CHEAT_BY_NAME))
def test_no_cheat_passes_with_every_guard_on(
    sandbox: ProjectSandbox, cache: BuildCache, project: Path, name: str,
) -> None:
    result = _judge_cheat(sandbox, cache, project, CHEAT_BY_NAME[name])
    assert result.outcome is not Outcome.PASSED, f"{name}: {CHEAT_BY_NAME[name].cheat}"
    assert result.reason and "\n" not in result.reason


@pytest.mark.parametrize("name", sorted(CHEAT_BY_NAME))
def test_each_cheat_passes_without_its_guard(
    sandbox: ProjectSandbox, cache: BuildCache, project: Path, name: str,
) -> None:
    cheat = CHEAT_BY_NAME[name]
    guards = ALL_PROJECT_GUARDS - {cheat.only} - cheat.also_off
    result = _judge_cheat(sandbox, cache, project, cheat, frozenset(guards))
    assert result.outcome is Outcome.PASSED, f"{name} does not pass without {cheat.only.value}: {result.reason}"
    if cheat.also_off:  # its guard is needed even with the others off: it still fails with it on
        with_it = _judge_cheat(sandbox, cache, project, cheat, frozenset(guards | {cheat.only}))
        assert with_it.outcome is not Outcome.PASSED


def test_every_guard_has_a_cheat_only_it_stops() -> None:
    assert {cheat.only for cheat in CHEATS} == set(ProjectGuard)


@pytest.mark.parametrize(("cheat", "reason"), [
    ("weakens_the_unit_test", f"{TASK_FILE}: line 26 is after the editable lines 2-8 and differs from the task's file"),
    ("edits_a_second_file", f"tests/api.rs: only {TASK_FILE} may change in this task"),
    ("exports_assert_eq",
     f"{TASK_FILE}: line 4: `macro_rules!` is not allowed in a fix (the function defines no macro)"),
    ("names_the_proof_guard", f"{TASK_FILE}: line 3: `__sleepy_proof` names the verdict's own code"),
])
def test_refusals_name_the_file_and_line(
    sandbox: ProjectSandbox, cache: BuildCache, project: Path, cheat: str, reason: str,
) -> None:
    result = _judge_cheat(sandbox, cache, project, CHEAT_BY_NAME[cheat])
    assert (result.outcome, result.reason) == (Outcome.SANDBOX_VIOLATION, reason)


def test_the_koan_verdict_sends_a_crate_task_to_judge_project(project: Path) -> None:
    task = abacus_task(project, "all")
    with pytest.raises(ValueError, match=r"is a crate task: judge it with sleepy\.verdict\.judge_project"):
        judge(object(), task, dict(task.files))  # type: ignore[arg-type]


def test_docs_name_every_project_guard_and_only_cheats_that_exist() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "verdicts.md").read_text(encoding="utf-8")
    section = doc.split("\n## Crate tasks")[1].split("\n## ")[0]
    documented = {}
    for row in (line for line in section.splitlines() if line.startswith("| `")):
        guard, *_, cases = row.strip("|").split("|")
        documented[guard.strip().strip("`")] = re.findall(r"`([a-z_]+)`:", cases)
    assert set(documented) == {g.value for g in ProjectGuard}
    for guard, names in documented.items():
        assert names, guard
        for name in names:
            assert CHEAT_BY_NAME[name].only == guard, f"{name} is documented as stopped only by {guard}"
