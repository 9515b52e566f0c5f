"""The built-in gates: no_regression, heldout_improvement, data_quality."""

from __future__ import annotations

from attrs import frozen, validators

from sleepy.config import option
from sleepy.gating import GateInput, GateResult, checked_text
from sleepy.hookspecs import hookimpl
from sleepy.metrics import mcnemar_exact
from sleepy.protocols import Gate
from sleepy.registry import NoOptions, Registrar


@frozen
class NoRegressionOptions:
    max_broken: int = option("Tolerance: frozen-suite tasks that may pass under the current adapter and fail under "
                             "the candidate.", default=0, validator=validators.ge(0))
    split: str = option("The regression suite's split.", default="frozen")


class NoRegressionGate:
    """No task of the regression suite that passes under the current adapter fails under the candidate
    (up to `max_broken`). A task the candidate has no verdict for does not pass under it."""

    def __init__(self, options: NoRegressionOptions) -> None:
        self.options = options

    def evaluate(self, gate_input: GateInput) -> GateResult:
        split = self.options.split
        outcomes = gate_input.splits.get(split)
        if outcomes is None or not outcomes.current:
            return GateResult("no_regression", False, (f"no {split} results to compare",))
        broken = sorted(t for t, ok in outcomes.current.items() if ok and not outcomes.candidate.get(t, False))
        checked = len(set(outcomes.current) | set(outcomes.candidate))
        scope = checked_text(split, checked, gate_input.suite_sizes.get(split))
        current, candidate = outcomes.rate("current"), outcomes.rate("candidate")
        passed = len(broken) <= self.options.max_broken
        if passed:
            reason = (f"{len(broken)} broken (allowed {self.options.max_broken}), {split} pass rate {current:.1%} -> "
                      f"{candidate:.1%} ({scope})")
        else:
            reason = (f"{len(broken)} {split} task(s) broken (allowed {self.options.max_broken}): "
                      + ", ".join(broken) + f" ({scope})")
        return GateResult("no_regression", passed, (reason,), {
            "broken": broken, "fixed": outcomes.fixed, "current_rate": current, "candidate_rate": candidate,
            "n": checked, "total": gate_input.suite_sizes.get(split)})


@frozen
class HeldoutOptions:
    min_delta: float = option("Required change of the heldout pass rate (0: it must not drop).", default=0.0)
    split: str = option("The heldout split.", default="heldout")


class HeldoutImprovementGate:
    def __init__(self, options: HeldoutOptions) -> None:
        self.options = options

    def evaluate(self, gate_input: GateInput) -> GateResult:
        outcomes = gate_input.splits.get(self.options.split)
        if outcomes is None or not outcomes.tasks:
            return GateResult("heldout_improvement", False, (f"no {self.options.split} results to compare",))
        current, candidate = outcomes.rate("current"), outcomes.rate("candidate")
        delta = candidate - current
        fixed, broken = len(outcomes.fixed), len(outcomes.broken)
        p = mcnemar_exact(fixed, broken)
        passed = delta >= self.options.min_delta - 1e-12
        verdict = "meets" if passed else "misses"
        reason = (f"{self.options.split} pass rate {current:.1%} -> {candidate:.1%} (delta {delta:+.1%}, n="
                  f"{len(outcomes.tasks)}, fixed {fixed}, broken {broken}, McNemar p={p:.3f}); {verdict} "
                  f"min_delta {self.options.min_delta:+.1%}")
        return GateResult("heldout_improvement", passed, (reason,), {
            "current_rate": current, "candidate_rate": candidate, "delta": delta, "fixed": fixed, "broken": broken,
            "mcnemar_p": p, "n": len(outcomes.tasks)})


class DataQualityGate:
    def __init__(self, options: NoOptions) -> None:
        pass

    def evaluate(self, gate_input: GateInput) -> GateResult:
        reasons = []
        if not gate_input.dataset_filter.get("require_clippy", False):
            reasons.append("the training set was not filtered with clippy -D warnings")
        leaked = sorted(t for t, s in gate_input.dataset_task_splits.items() if s != "train")
        if leaked:
            reasons.append("the training set holds non-train tasks: " + ", ".join(leaked))
        if not gate_input.dataset_task_splits:
            reasons.append("the training set is empty or unknown")
        passed = not reasons
        return GateResult("data_quality", passed, tuple(reasons) or (
            f"{len(gate_input.dataset_task_splits)} train task(s), tests + clippy filter applied",))


@hookimpl
def sleepy_register_gates(register: Registrar[Gate]) -> None:
    register.add("no_regression", NoRegressionGate, options=NoRegressionOptions,
                 description="No frozen task that passes now fails under the candidate (tolerance: max_broken).")
    register.add("heldout_improvement", HeldoutImprovementGate, options=HeldoutOptions,
                 description="The heldout pass rate does not drop (or rises by min_delta).")
    register.add("data_quality", DataQualityGate,
                 description="The training set passed the test + clippy filter and the split guard.")
