"""Checks that each koan fails exactly as declared and that its reference fix is clean.

Also measures the rustfix baseline: how many koans rustc's machine-applicable suggestions alone
fix (applied the way `cargo fix` does). Every model must beat that number.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from attrs import frozen

from sleepy.diagnostics import apply_machine_applicable, primary_error
from sleepy.koans.model import CRATE_PATH, Koan, tests_module
from sleepy.sandbox import Mode, Outcome, Sandbox, SandboxResult
from sleepy.verdict import judge


@frozen
class KoanVerdict:
    """What `sleepy koans verify` found for one koan."""

    koan_id: str
    family: str
    expected_failure: str
    observed_failure: str  # the first error's code, "test_failure", or the unexpected outcome
    problems: tuple[str, ...]
    rustfix_fixes: bool  # rustc's machine-applicable suggestions alone make the tests pass
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


def observed_failure(result: SandboxResult) -> str:
    """The failure a buggy koan showed, in koan.toml's vocabulary."""
    if result.outcome is Outcome.COMPILE_ERROR:
        error = primary_error(result.diagnostics)
        return (error.code or "error") if error else "error"
    return result.outcome.value


def verify_koan(koan: Koan, sandbox: Sandbox, *, clippy: bool = True) -> KoanVerdict:
    """Run the buggy version, the fix, clippy on the fix, and the rustfix baseline."""
    start = time.perf_counter()
    problems = []
    task = koan.to_task("train")
    buggy_tests, fix_tests = tests_module(koan.buggy), tests_module(koan.fix)
    if buggy_tests is None and koan.meta.check == "test":
        problems.append('lib.rs has no #[cfg(test)] module (a koan without tests declares check = "compile")')
    elif buggy_tests != fix_tests:
        problems.append("the #[cfg(test)] module differs between lib.rs and fix.rs (a fix must not touch tests)")
    if koan.buggy == koan.fix:
        problems.append("fix.rs is identical to lib.rs")
    # The same verdict the agent, curation and the gate use.
    buggy = judge(sandbox, task, {CRATE_PATH: koan.buggy})
    observed = observed_failure(buggy)
    expected = koan.meta.expected_failure
    if observed != expected:
        detail = f" ({buggy.reason})" if buggy.reason and observed != expected else ""
        problems.append(f"lib.rs fails as {observed}{detail}, declared {expected}")
    fixed = judge(sandbox, task, {CRATE_PATH: koan.fix})
    if fixed.outcome is not Outcome.PASSED:
        problems.append(f"fix.rs does not pass its tests: {fixed.outcome.value}: {fixed.reason}"[:400])
    else:
        warnings = [d.message for d in fixed.diagnostics if d.level == "warning"]
        if warnings:
            problems.append(f"fix.rs compiles with warnings: {'; '.join(warnings)}"[:400])
        if clippy:
            linted = sandbox.run({CRATE_PATH: koan.fix}, Mode.CLIPPY)
            if linted.outcome is not Outcome.PASSED:
                lints = "; ".join(d.message for d in linted.errors) or linted.reason
                problems.append(f"clippy -D warnings fails on fix.rs: {lints}"[:400])
    rustfix_fixes = False
    if buggy.outcome is Outcome.COMPILE_ERROR:
        patched = apply_machine_applicable(koan.buggy, buggy.diagnostics, CRATE_PATH)
        if patched is not None and tests_module(patched) == buggy_tests:
            rustfix_fixes = judge(sandbox, task, {CRATE_PATH: patched}).outcome is Outcome.PASSED
    return KoanVerdict(koan.id, koan.family, expected, observed, tuple(problems), rustfix_fixes,
                       time.perf_counter() - start)


def verify_koans(koans: Iterable[Koan], sandbox: Sandbox, *, jobs: int = 2, clippy: bool = True,
                 on_verdict: Callable[[KoanVerdict], None] | None = None) -> list[KoanVerdict]:
    """Verify koans `jobs` at a time (compilers run in parallel processes); results in input order."""
    koans = list(koans)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(verify_koan, koan, sandbox, clippy=clippy) for koan in koans]
        verdicts = []
        for future in futures:
            verdict = future.result()
            if on_verdict is not None:
                on_verdict(verdict)
            verdicts.append(verdict)
    return verdicts
