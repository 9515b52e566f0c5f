"""A koan task's own edition and crate kind reach every run of its files: the agent's tools, the verdict, curation."""

from __future__ import annotations

import pytest

from sleepy.agent.task_sandbox import KoanSandbox
from sleepy.curation.examples import TrainingExample
from sleepy.curation.filters import passes_checks
from sleepy.records import Message, Task
from sleepy.sandbox import CrateTarget, Mode, Outcome, Sandbox
from tests.sandbox.editions import EDITION_2015_ONLY, PROGRAM

PATH = "src/lib.rs"


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def task(source: str, target: CrateTarget) -> Task:
    return Task(id="t", family="f", split="train", files={PATH: source}, target=target)


def test_the_koan_sandbox_runs_every_mode_in_the_tasks_edition(sandbox):
    box = KoanSandbox(sandbox, task(EDITION_2015_ONLY, CrateTarget("2015")))
    for mode in Mode:
        assert box.run({PATH: EDITION_2015_ONLY}, mode).outcome is Outcome.PASSED, mode
    assert box.judge({PATH: EDITION_2015_ONLY}).outcome is Outcome.PASSED
    in_2021 = KoanSandbox(sandbox, task(EDITION_2015_ONLY, CrateTarget()))
    assert in_2021.run({PATH: EDITION_2015_ONLY}, Mode.CHECK).outcome is Outcome.COMPILE_ERROR


def test_the_koan_sandbox_checks_a_program_as_a_bin(sandbox):
    result = KoanSandbox(sandbox, task(PROGRAM, CrateTarget(kind="bin"))).run({PATH: PROGRAM}, Mode.CHECK)
    assert result.outcome is Outcome.PASSED and not [d for d in result.diagnostics if d.level == "warning"]


def test_curation_lints_a_program_as_a_bin(sandbox):
    example = TrainingExample((Message("user", "fix it"),), "fixed", "own_fix", 1.0, "t", "f", "train", None, None,
                              PROGRAM)
    assert passes_checks(example, task(PROGRAM, CrateTarget(kind="bin")), sandbox, clippy=True)
    assert not passes_checks(example, task(PROGRAM, CrateTarget()), sandbox, clippy=True)  # main is never used
