from __future__ import annotations

import pytest
from attrs import evolve

from sleepy.records import Task
from sleepy.sandbox import CrateTarget, Mode, Outcome, Sandbox
from sleepy.verdict import judge
from sleepy.verdict.judge import NO_TESTS
from tests.sandbox.editions import EDITION_2015_ONLY, EDITION_2024_ONLY, PROGRAM

CODE = "/// Adds two numbers.\npub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n"
TESTS = """
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 3), 5);
    }

    #[test]
    fn adds_zero() {
        assert_eq!(add(7, 0), 7);
    }
}
"""
TASK = Task(id="t", family="f", split="train", files={"src/lib.rs": CODE + TESTS})


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def test_a_real_fix_passes_and_its_own_stderr_is_kept_without_the_proof_lines(sandbox):
    fixed = CODE.replace("a - b", 'eprintln!("adding"); a + b').replace("eprintln", "std::eprintln") + TESTS
    result = judge(sandbox, TASK, {"src/lib.rs": fixed})
    assert result.outcome is Outcome.PASSED, result.reason
    assert result.tests is not None and result.tests.passed == 2
    assert "returned" not in result.stderr  # the secret's lines are the verdict's, not the model's feedback


def test_exiting_0_halfway_names_the_test_that_never_finished(sandbox):
    exits = CODE.replace("a - b", "if b == 0 { std::process::exit(0) }\n    a + b") + TESTS
    result = judge(sandbox, TASK, {"src/lib.rs": exits})
    assert result.outcome is Outcome.TEST_FAILURE
    assert result.reason.startswith("`tests::adds_zero` did not run to its end (the test program exited with status 0")


def test_a_task_without_tests_passes_only_as_a_compile_task(sandbox):
    no_tests = Task(id="n", family="f", split="train", files={"src/lib.rs": CODE})
    fixed = {"src/lib.rs": CODE.replace("a - b", "a + b")}
    refused = judge(sandbox, no_tests, fixed)
    assert (refused.outcome, refused.reason) == (Outcome.TEST_FAILURE, NO_TESTS)
    compile_task = Task(id="n", family="f", split="train", files={"src/lib.rs": CODE.replace("a - b", "a - \"b\"")},
                        check="compile", max_changed_lines=1)
    result = judge(sandbox, compile_task, fixed)
    assert (result.outcome, result.mode) == (Outcome.PASSED, Mode.CHECK)
    assert judge(sandbox, compile_task, dict(compile_task.files)).outcome is Outcome.COMPILE_ERROR
    gutted = {"src/lib.rs": "/// Adds two numbers.\npub fn add(a: i32, b: i32) -> i32 {\n    0\n}\n"}
    stub = judge(sandbox, compile_task, gutted)  # one changed line, but it ignores its inputs
    assert stub.outcome is Outcome.COMPILE_ERROR and "unused variable" in stub.reason


def test_a_cheat_is_a_labelled_refusal_before_anything_runs(sandbox):
    twin = "#[cfg(test)]\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n#[cfg(not(test))]\n" + CODE + TESTS
    result = judge(sandbox, TASK, {"src/lib.rs": twin})
    assert result.outcome is Outcome.SANDBOX_VIOLATION
    assert result.reason.startswith("src/lib.rs: line 1: `cfg(test)`")
    assert result.compile_seconds == 0.0


@pytest.mark.parametrize(("source", "edition"), [(EDITION_2015_ONLY, "2015"), (EDITION_2024_ONLY, "2024")])
def test_the_verdict_compiles_in_the_tasks_edition(sandbox, source, edition):
    # The proof module and the qualified test macros must resolve in every edition (2015 has no `::core`).
    task = Task(id="t", family="f", split="train", files={"src/lib.rs": source}, target=CrateTarget(edition))
    passed = judge(sandbox, task, {"src/lib.rs": source})
    assert passed.outcome is Outcome.PASSED and passed.tests is not None and passed.tests.passed == 1, passed.reason
    in_2021 = judge(sandbox, evolve(task, target=CrateTarget()), {"src/lib.rs": source})
    assert in_2021.outcome is Outcome.COMPILE_ERROR


def test_a_compile_checked_program_passes_as_a_bin_only(sandbox):
    untested = PROGRAM[:PROGRAM.index("#[cfg(test)]")]
    task = Task(id="t", family="f", split="train", files={"src/lib.rs": untested}, check="compile",
                target=CrateTarget(kind="bin"))
    assert judge(sandbox, task, {"src/lib.rs": untested}).outcome is Outcome.PASSED
    as_lib = judge(sandbox, evolve(task, target=CrateTarget()), {"src/lib.rs": untested})
    assert as_lib.outcome is Outcome.COMPILE_ERROR and "function `main` is never used" in as_lib.reason
