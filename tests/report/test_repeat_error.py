"""The repeat-error rate on a constructed two-cycle history: the worked example of docs/metrics.md.

Signatures come from real SandboxResult objects (libtest's messages as the koans print them), so
the figures change if the signatures stop telling these bugs apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sleepy.curation import TrainingExample
from sleepy.diagnostics import Diagnostic
from sleepy.records import EpisodeRecord, Message, StepRecord
from sleepy.report import repeat_error_rate
from sleepy.sandbox import IsolationLevel, Mode, Outcome, SandboxResult, TestFailure, TestSummary
from sleepy.store import EpisodeStore

RUN = "run-1"
METRICS_DOC = Path(__file__).parents[2] / "docs" / "metrics.md"


def assert_eq_failure(test: str, left: str, right: str) -> str:
    """The stored signature of a run where ``test``'s assert_eq! saw ``left`` and ``right``."""
    message = f"assertion `left == right` failed\n  left: {left}\n right: {right}"
    tests = TestSummary(failed=1, finished=True, failures=(TestFailure(test, message, "src/lib.rs:26:9"),))
    result = SandboxResult(Outcome.TEST_FAILURE, Mode.TEST, IsolationLevel.BWRAP, tests=tests,
                           reason=f"1 of 2 tests failed: {test}")
    return str(result.signature())


def compile_error(code: str, message: str) -> str:
    diagnostic = Diagnostic("error", message, code)
    result = SandboxResult(Outcome.COMPILE_ERROR, Mode.TEST, IsolationLevel.BWRAP, diagnostics=(diagnostic,))
    return str(result.signature())


# The values differ between the cycles; the mistakes do not (moves_15), or do (results_17).
GROWS_C0 = assert_eq_failure("tests::budget_grows_until_cap", "4", "5")
GROWS_C1 = assert_eq_failure("tests::budget_grows_until_cap", "3", "5")
SPELLINGS = assert_eq_failure("tests::both_spellings", 'Err("not a version: \\"2.5\\"")', "Ok((2, 5))")
GARBAGE = assert_eq_failure("tests::garbage", 'Err("no dot in \\"x\\"")', 'Err("not a version: \\"x\\"")')
MOVED = compile_error("E0382", "borrow of moved value: `names`")
MOVED_HELDOUT = compile_error("E0382", "borrow of moved value: `queue`")
BORROWED = compile_error("E0502", "cannot borrow `stock` as mutable because it is also borrowed as immutable")
RECENT = assert_eq_failure("tests::picks_most_recent", "Some(3)", "Some(9)")


def record(store: EpisodeStore, task: str, cycle: int, signature: str | None, *, phase: str = "day",
           split: str = "train") -> None:
    passed = signature is None
    store.record_episode(EpisodeRecord(
        id=f"{task}-{cycle}-{phase}", run_id=RUN, task_id=task, outcome="passed" if passed else "failed",
        passed=passed, cycle=cycle, phase=phase, split=split, family=task.rsplit("_", 1)[0],
        steps=(StepRecord(idx=0, error_signature=signature, outcome="passed" if passed else "failed"),),
        first_error_signature=signature, final_error_signature=signature,
    ))


def training_set(store: EpisodeStore, directory: Path, cycle: int, pairs: list[tuple[str, str]]) -> None:
    path = directory / f"dataset-{cycle}.jsonl"
    examples = [TrainingExample((Message("user", "fix it"),), "fixed", "reference", 1.0, t, t.rsplit("_", 1)[0],
                                "train", s, None, "") for t, s in pairs]
    path.write_text("".join(json.dumps(e.to_chat_json()) + "\n" for e in examples))
    store.record_dataset(f"h{cycle}", run_id=RUN, cycle=cycle, path=path, examples=len(pairs), source_counts={},
                         lineage={}, filter={})


@pytest.fixture
def history(tmp_path: Path) -> EpisodeStore:
    store = EpisodeStore.open(None)
    store.record_run(RUN, command="cycle", config_hash="c", config={}, seed=0, sleepy_version="test")
    # Cycle 0, base model.
    record(store, "moves_15", 0, GROWS_C0)
    record(store, "moves_05", 0, MOVED)
    record(store, "results_17", 0, SPELLINGS)
    record(store, "borrow_05", 0, BORROWED)
    # Cycle 0's sleep trains on three of the four failures (curation dropped borrow_05's).
    training_set(store, tmp_path, 0, [("moves_15", GROWS_C0), ("moves_05", MOVED), ("results_17", SPELLINGS)])
    # Cycle 1, the trained adapter.
    record(store, "moves_15", 1, GROWS_C1)  # the same mistake again: repeated
    record(store, "moves_05", 1, None)  # fixed
    record(store, "results_17", 1, GARBAGE)  # a different test fails now: a new error, not a repeat
    record(store, "borrow_05", 1, BORROWED)  # never trained on: not counted
    record(store, "moves_07", 1, MOVED_HELDOUT, phase="eval", split="heldout")
    record(store, "options_16", 1, RECENT, phase="eval", split="heldout")
    return store


def test_signatures_keep_the_same_mistake_and_tell_different_tests_apart() -> None:
    assert GROWS_C0 == GROWS_C1
    assert SPELLINGS != GARBAGE
    assert MOVED == MOVED_HELDOUT


def test_repeat_error_rate_on_a_repeated_a_fixed_and_a_new_error(history: EpisodeStore) -> None:
    assert repeat_error_rate(history, RUN, 1) == {
        "covered": 3, "repeated": 1, "rate": pytest.approx(1 / 3),
        "heldout_first_errors": 2, "heldout_trained_signature": 1, "heldout_rate": 0.5,
    }


def test_repeat_error_rate_is_undefined_before_any_training(history: EpisodeStore) -> None:
    figures = repeat_error_rate(history, RUN, 0)
    assert figures["rate"] is None and figures["covered"] == 0 and figures["heldout_rate"] is None


def test_the_worked_example_in_the_docs_matches_the_code() -> None:
    doc = METRICS_DOC.read_text()
    for signature in (GROWS_C0, SPELLINGS, GARBAGE, MOVED, BORROWED, RECENT):
        assert signature in doc, f"docs/metrics.md: the worked example lacks the signature {signature}"
    assert "rate = 1 / 3 = 33%" in doc and "heldout rate = 1 / 2 = 50%" in doc
