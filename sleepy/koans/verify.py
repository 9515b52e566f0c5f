"""Checks that each koan fails exactly as declared and that its reference fix is clean.

Also measures the rustfix baseline: how many koans rustc's machine-applicable suggestions alone
fix (applied the way `cargo fix` does). Every model must beat that number.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from attrs import frozen

from sleepy.diagnostics import apply_machine_applicable, primary_error
from sleepy.koans.lint import strict_problems
from sleepy.koans.model import COMPILE_ERROR, CRATE_PATH, Koan, tests_module
from sleepy.records import Task
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


def fails_as_declared(result: SandboxResult, expected_failure: str) -> bool:
    """Whether the buggy file failed as koan.toml's `expected_failure` says: a code names the first error,
    `compile_error` takes any error rustc reports (with a code or without), `test_failure` a failing test."""
    if expected_failure == COMPILE_ERROR:
        # A compile-checked task's verdict also refuses a build that only warns: that one did compile.
        warned_only = primary_error(result.diagnostics) is None and any(
            d.level == "warning" for d in result.diagnostics)
        return result.outcome is Outcome.COMPILE_ERROR and not warned_only
    return observed_failure(result) == expected_failure


_TEST_FN = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)", re.MULTILINE)


def _functions(tests: str) -> dict[str, str]:
    """Each function of a test module by name, with the attribute lines right above it."""
    lines = tests.splitlines()
    starts = []
    for number, line in enumerate(lines):
        found = _TEST_FN.match(line)
        if found:
            first = number
            while first > 0 and lines[first - 1].lstrip().startswith("#["):
                first -= 1
            starts.append((first, found.group(1)))
    ends = [first for first, _ in starts[1:]] + [len(lines)]
    return {name: "\n".join(lines[first:end]).strip() for (first, name), end in zip(starts, ends, strict=True)}


def differing_tests_message(buggy_tests: str | None, fix_tests: str | None) -> str:
    """Why a koan whose lib.rs and fix.rs disagree inside `#[cfg(test)]` cannot be solved, naming the functions."""
    before, after = _functions(buggy_tests or ""), _functions(fix_tests or "")
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    where = f" (in {', '.join(f'`{name}`' for name in changed)})" if changed else ""
    return (f"the #[cfg(test)] module differs between lib.rs and fix.rs{where}: the bug, or a change, is inside the "
            "test module, so the task is unsolvable as written (the verdict restores lib.rs's tests on every "
            "candidate); keep the tests identical in both files and put the bug outside them")


@frozen
class PairCheck:
    """What the sandbox found for a buggy file and its fix (a koan, or a dream made from one)."""

    buggy: SandboxResult | None  # the buggy file's verdict (None: structural problems stopped the check first)
    problems: tuple[tuple[str, str], ...]  # (kind, message): the kind is a short label a caller can count

    @property
    def ok(self) -> bool:
        return not self.problems


def check_pair(task: Task, sandbox: Sandbox, *, clippy: bool = True, stop_early: bool = False) -> PairCheck:
    """The checks `koans verify` makes on `task`'s file (lib.rs) and its reference fix (fix.rs): the tests are
    the same in both, the buggy file fails as `task.expected_failure` declares, the fix passes the verdict
    without warnings and (optionally) clippy -D warnings. `stop_early` skips the sandbox runs left once one
    check failed (a caller that only keeps clean pairs)."""
    path = next(iter(task.files))
    buggy_code, fix_code = task.files[path], (task.reference_files or {}).get(path, "")
    problems: list[tuple[str, str]] = []
    buggy_tests, fix_tests = tests_module(buggy_code), tests_module(fix_code)
    if buggy_tests is None and task.check == "test":
        problems.append(("no_tests", 'lib.rs has no #[cfg(test)] module (a koan without tests declares '
                                     'check = "compile")'))
    elif buggy_tests != fix_tests:
        problems.append(("tests_differ", differing_tests_message(buggy_tests, fix_tests)))
    if buggy_code == fix_code:
        problems.append(("identical", "fix.rs is identical to lib.rs"))
    if stop_early and problems:
        return PairCheck(None, tuple(problems))
    # The same verdict the agent, curation and the gate use.
    buggy = judge(sandbox, task, {path: buggy_code})
    if not fails_as_declared(buggy, task.expected_failure):
        observed = observed_failure(buggy)
        detail = f" ({buggy.reason})" if buggy.reason else ""
        problems.append(("fails_differently", f"lib.rs fails as {observed}{detail}, declared {task.expected_failure}"))
        if stop_early:
            return PairCheck(buggy, tuple(problems))
    fixed = judge(sandbox, task, {path: fix_code})
    if fixed.outcome is not Outcome.PASSED:
        problems.append(("fix_fails", f"fix.rs does not pass its tests: {fixed.outcome.value}: {fixed.reason}"[:400]))
        return PairCheck(buggy, tuple(problems))
    warnings = [d.message for d in fixed.diagnostics if d.level == "warning"]
    if warnings:
        problems.append(("warnings", f"fix.rs compiles with warnings: {'; '.join(warnings)}"[:400]))
    if clippy and not (stop_early and problems):
        linted = sandbox.run({path: fix_code}, Mode.CLIPPY, target=task.target)
        if linted.outcome is not Outcome.PASSED:
            lints = "; ".join(d.message for d in linted.errors) or linted.reason
            problems.append(("clippy", f"clippy -D warnings fails on fix.rs: {lints}"[:400]))
    return PairCheck(buggy, tuple(problems))


def verify_koan(koan: Koan, sandbox: Sandbox, *, clippy: bool = True, strict: bool = False) -> KoanVerdict:
    """Run the buggy version, the fix, clippy on the fix, and the rustfix baseline; `strict` adds the house rules
    (sleepy/koans/lint.py)."""
    start = time.perf_counter()
    task = koan.to_task("train")
    checked = check_pair(task, sandbox, clippy=clippy)
    buggy = checked.buggy
    assert buggy is not None  # without stop_early the buggy file always runs
    rustfix_fixes = False
    if buggy.outcome is Outcome.COMPILE_ERROR:
        patched = apply_machine_applicable(koan.buggy, buggy.diagnostics, CRATE_PATH)
        if patched is not None and tests_module(patched) == tests_module(koan.buggy):
            rustfix_fixes = judge(sandbox, task, {CRATE_PATH: patched}).outcome is Outcome.PASSED
    return KoanVerdict(koan.id, koan.family, koan.meta.expected_failure, observed_failure(buggy),
                       (strict_problems(koan) if strict else ())
                       + tuple(message for _, message in checked.problems), rustfix_fixes,
                       time.perf_counter() - start)


def verify_koans(koans: Iterable[Koan], sandbox: Sandbox, *, jobs: int = 2, clippy: bool = True,
                 strict: bool = False, on_verdict: Callable[[KoanVerdict], None] | None = None) -> list[KoanVerdict]:
    """Verify koans `jobs` at a time (compilers run in parallel processes); results in input order."""
    koans = list(koans)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(verify_koan, koan, sandbox, clippy=clippy, strict=strict) for koan in koans]
        verdicts = []
        for future in futures:
            verdict = future.result()
            if on_verdict is not None:
                on_verdict(verdict)
            verdicts.append(verdict)
    return verdicts
