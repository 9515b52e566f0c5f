from __future__ import annotations

from sleepy.builtins.gates import NoRegressionGate, NoRegressionOptions
from sleepy.gating import GateInput, PairedOutcomes


def gate_input(current, candidate, sizes=None):
    extra = {"suite_sizes": sizes} if sizes else {}
    return GateInput("cand", "cur", {"frozen": PairedOutcomes(current, candidate)}, **extra)


def test_a_frozen_task_that_passes_now_and_has_no_candidate_verdict_is_broken():
    result = NoRegressionGate(NoRegressionOptions()).evaluate(gate_input({"a": True, "b": True}, {"a": True}))
    assert not result.passed
    assert result.reasons == ("1 frozen task(s) broken (allowed 0): b (n=2)",)


def test_the_tolerance_alone_decides_not_a_pass_rate_ratio():
    current = {f"t{i}": True for i in range(10)}
    candidate = {**current, "t0": False}  # 90% of the current rate, one task broken
    assert not NoRegressionGate(NoRegressionOptions()).evaluate(gate_input(current, candidate)).passed
    tolerant = NoRegressionGate(NoRegressionOptions(max_broken=1)).evaluate(gate_input(current, candidate))
    assert tolerant.passed
    assert tolerant.reasons == ("1 broken (allowed 1), frozen pass rate 100.0% -> 90.0% (n=10)",)


def test_a_frozen_subset_is_never_read_as_the_whole_suite():
    outcomes = {f"t{i}": False for i in range(6)}
    result = NoRegressionGate(NoRegressionOptions()).evaluate(gate_input(outcomes, outcomes, {"frozen": 42}))
    assert result.passed and result.reasons[0].endswith("(6 of 42 frozen koans checked)")
    assert result.metrics["n"] == 6 and result.metrics["total"] == 42
