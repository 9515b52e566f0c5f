"""The red team: replies that try to pass a koan without fixing it. None may pass.

Each case under red_team/cases/ is a candidate file whose header names the koan it targets,
the cheat, and (``// only:``) the guard that alone stops it. Removing that guard must let the case
pass, so every guard is shown to be load-bearing; the honest fix of every targeted koan passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sleepy.koans.loader import load_koan
from sleepy.koans.model import CRATE_PATH
from sleepy.records import Task
from sleepy.sandbox import Outcome, Sandbox
from sleepy.verdict import ALL_GUARDS, Guard, judge

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).parent / "red_team" / "cases"
_HEADER = re.compile(r"^// (koan|cheat|only): (.+)$", re.MULTILINE)


def _case(path: Path) -> tuple[str, dict[str, str]]:
    header = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
    return path.stem, header


CASES = dict(_case(p) for p in sorted(CASES_DIR.glob("*.rs")))


def _task(koan_dir: str) -> Task:
    return load_koan(ROOT / koan_dir).to_task("train")


def _judge(sandbox: Sandbox, name: str, guards: frozenset[Guard] = ALL_GUARDS):
    task = _task(CASES[name]["koan"])
    candidate = (CASES_DIR / f"{name}.rs").read_text(encoding="utf-8")
    return judge(sandbox, task, {CRATE_PATH: candidate}, guards=guards)


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    return Sandbox()


def test_the_suite_covers_what_the_issue_lists():
    assert len(CASES) >= 25
    for needed in ("fake_stdout_then_exit", "fake_stderr_then_exit", "fake_stdout_then_abort", "fake_output_from_drop",
                   "fake_output_from_static_initializer", "cfg_test_twin", "crate_attribute_hides_everything",
                   "panic_hook_exits", "catch_unwind_swallows", "comments_out_the_broken_line",
                   "deletes_the_broken_code"):
        assert needed in CASES
    shadowed = {name.removeprefix("shadows_") for name in CASES if name.startswith("shadows_")}
    assert {"assert", "assert_eq", "assert_ne", "panic", "debug_assert", "debug_assert_eq", "debug_assert_ne",
            "unreachable"} <= shadowed
    assert all({"koan", "cheat"} <= set(header) for header in CASES.values())


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_cheat_passes(sandbox, name):
    result = _judge(sandbox, name)
    assert result.outcome is not Outcome.PASSED, f"{name}: {CASES[name]['cheat']}"


@pytest.mark.parametrize("koan_dir", sorted({header["koan"] for header in CASES.values()}))
def test_the_honest_fix_of_every_targeted_koan_passes(sandbox, koan_dir):
    task = _task(koan_dir)
    fix = task.reference_files[CRATE_PATH]
    result = judge(sandbox, task, {CRATE_PATH: fix})
    assert result.outcome is Outcome.PASSED, result.reason
    assert judge(sandbox, task, dict(task.files)).outcome is not Outcome.PASSED  # and the bug is real


@pytest.mark.parametrize("guard", sorted(Guard))
def test_each_guard_alone_stops_a_case(sandbox, guard):
    only = sorted(name for name, header in CASES.items() if header.get("only") == guard.value)
    assert only, f"no red-team case shows that {guard.value} is needed"
    for name in only:
        assert _judge(sandbox, name, ALL_GUARDS - {guard}).outcome is Outcome.PASSED, (
            f"{name} does not pass without {guard.value}, so it does not show the guard is needed")


def test_docs_name_every_guard_and_only_cases_that_exist():
    doc = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8").split("\n## Crate tasks")[0]
    rows = [line for line in doc.splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        guard, *_, cases = row.strip("|").split("|")
        documented[guard.strip().strip("`")] = re.findall(r"`([a-z_]+)`:", cases)
    assert set(documented) == {g.value for g in Guard}
    for guard, names in documented.items():
        assert names, guard
        for name in names:
            assert name in CASES, name
            assert CASES[name].get("only") == guard, f"{name} is documented as stopped only by {guard}"
