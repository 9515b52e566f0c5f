"""THE pass verdict on a candidate fix: the agent, curation, the gate and `koans verify` all ask here.

A candidate passes only when the task's own tests, called with std's own macros, each prove they
ran to their end, and the test program exits 0; nothing it prints or redefines can speak for it.
See docs/verdicts.md for each guard and the red-team case it stops.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs

from sleepy.agent.source import split_tests, with_original_tests
from sleepy.records import Task
from sleepy.sandbox import Mode, Outcome, Sandbox, SandboxResult
from sleepy.verdict.cheats import added_construct
from sleepy.verdict.compile_budget import budget_violation
from sleepy.verdict.guards import ALL_GUARDS, Guard
from sleepy.verdict.proof import RUST_PROOF_MODULE, new_secret, read_proof
from sleepy.verdict.test_module import ProvedTest, TestModuleError, instrument_tests, qualify_std_macros

NO_TESTS = 'the task has no tests; only a task whose koan.toml declares check = "compile" can pass without them'


def judge(
    sandbox: Sandbox, task: Task, files: Mapping[str, str], *, guards: Collection[Guard] = ALL_GUARDS
) -> SandboxResult:
    """Run ``files`` (the candidate) against ``task`` and say whether it passes; see the module docstring.

    A crate task (``task.project`` set) is one file of a Cargo project: its verdict needs the project
    sandbox and the project's build cache, so the caller asks ``judge_project`` for it instead.
    """
    if task.project is not None:
        raise ValueError(f"task {task.id} is a crate task: judge it with "
                         "sleepy.verdict.judge_project(project_sandbox, build_cache, task, files)")
    main = next(iter(task.files))
    original = split_tests(task.files[main])
    candidate = files.get(main, "")
    if task.check == "compile":
        return _judge_compile(sandbox, task, files, guards)
    if original.tests is None:
        return _refused(sandbox, Outcome.TEST_FAILURE, NO_TESTS)
    if Guard.RESTORE_TESTS in guards:
        candidate, _ = with_original_tests(candidate, original.tests)
    parts = split_tests(candidate)
    if parts.tests is None:
        return _refused(sandbox, Outcome.TEST_FAILURE, "the candidate has no test module")
    if Guard.CHEAT_POLICY in guards:
        reason = added_construct(original.code, parts.code)
        if reason is not None:
            return _refused(sandbox, Outcome.SANDBOX_VIOLATION, f"{main}: {reason}")
    tests_source = qualify_std_macros(parts.tests) if Guard.QUALIFIED_TEST_MACROS in guards else parts.tests
    try:
        instrumented = instrument_tests(tests_source, RUST_PROOF_MODULE)
    except TestModuleError as exc:
        return _refused(sandbox, Outcome.TEST_FAILURE, f"{main}: {exc}")
    proving = Guard.COMPLETION_PROOF in guards
    secret = new_secret() if proving else ""
    run_files = {**files, main: parts.code + (instrumented.source if proving else tests_source)}
    stdin = f"{secret}\n".encode() if proving else None
    result = sandbox.run(run_files, Mode.TEST, stdin=stdin, target=task.target)
    return _decide(result, instrumented.tests, secret, guards)


def _decide(
    result: SandboxResult, tests: tuple[ProvedTest, ...], secret: str, guards: Collection[Guard]
) -> SandboxResult:
    if result.outcome not in (Outcome.PASSED, Outcome.TEST_FAILURE):
        return result  # did not compile, ran out of a limit, or was refused: never a pass
    proof, stderr = read_proof(result.stderr, secret)
    result = attrs.evolve(result, stderr=stderr)
    expected = [t for t in tests if not t.ignored]
    if Guard.COMPLETION_PROOF in guards:
        missing = proof.missing(tests)
        ran = not missing
        why = _unfinished(missing, result)
    else:
        summary = result.tests  # libtest's printed summary: what the candidate could forge
        ran = summary is not None and summary.ok and summary.passed >= len(expected)
        why = f"libtest did not report all {len(expected)} original tests passing"
    exited = result.exit_code == 0 and result.signal is None
    if Guard.EXIT_STATUS not in guards:
        exited = True
    if ran and exited:
        return attrs.evolve(result, outcome=Outcome.PASSED, reason="")
    if result.outcome is Outcome.TEST_FAILURE and result.tests is not None and result.tests.failed:
        return result  # the failing tests say more than ours
    if ran and not exited:
        why = f"the test program exited with status {result.exit_code}"
    return attrs.evolve(result, outcome=Outcome.TEST_FAILURE, reason=why)


def _unfinished(missing: tuple[ProvedTest, ...], result: SandboxResult) -> str:
    names = ", ".join(f"`{t.name}`" for t in missing[:3]) + (" ..." if len(missing) > 3 else "")
    how = f"exited with status {result.exit_code}" if result.signal is None else f"was killed by {result.signal}"
    if all(t.should_panic for t in missing):
        return f"{names} should have panicked but did not (the test program {how})"
    return f"{names} did not run to its end (the test program {how} before it finished)"


def _judge_compile(
    sandbox: Sandbox, task: Task, files: Mapping[str, str], guards: Collection[Guard]
) -> SandboxResult:
    main = next(iter(task.files))
    candidate = files.get(main, "")
    if Guard.CHEAT_POLICY in guards:
        reason = added_construct(task.files[main], candidate)
        if reason is not None:
            return _refused(sandbox, Outcome.SANDBOX_VIOLATION, f"{main}: {reason}")
    if Guard.COMPILE_BUDGET in guards:
        reason = budget_violation(task.files[main], candidate, task.max_changed_lines)
        if reason is not None:
            return _refused(sandbox, Outcome.SANDBOX_VIOLATION, f"{main}: {reason}")
    result = sandbox.run(files, Mode.CHECK, target=task.target)
    warnings = [d.message for d in result.diagnostics if d.level == "warning"]
    if result.outcome is Outcome.PASSED and warnings:
        # Without tests, a clean build is the only sign the code still does its job: a stub that
        # ignores its inputs leaves unused variables behind.
        reason = f"compiles with warnings ({'; '.join(warnings)[:200]}); a task without tests must compile cleanly"
        return attrs.evolve(result, outcome=Outcome.COMPILE_ERROR, reason=reason)
    return result


def _refused(sandbox: Sandbox, outcome: Outcome, reason: str) -> SandboxResult:
    return SandboxResult(outcome, Mode.TEST, sandbox.isolation, sandbox.jail.note, reason=reason)
