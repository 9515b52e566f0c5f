"""THE pass verdict on a crate task's candidate: one file of a Cargo project, its mutated function fixed.

The candidate may change only its one file, and only inside the editable lines; the cheat policy
reads those lines; the deciding tests (in the project's `tests/` and `#[cfg(test)]` modules, the
task's file's own included) each prove they ran to their end, and every test binary that runs them
exits 0. libtest's printed lines, which the candidate can forge, decide nothing. The result is a
`SandboxResult`, as the koan verdict's. See docs/verdicts.md, "Crate tasks".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import PurePosixPath

import attrs

from sleepy.records import ProjectSpec, Task
from sleepy.sandbox import Mode, Outcome, SandboxResult
from sleepy.sandbox.libtest import TestSummary
from sleepy.sandbox.project import BinaryRun, BuildCache, CaseOutcome, ProjectRun, ProjectSandbox
from sleepy.verdict.project_guards import ALL_PROJECT_GUARDS, ProjectGuard
from sleepy.verdict.project_proof import ProjectProofError, instrument_project
from sleepy.verdict.project_region import outside_change, region_cheat, split_region
from sleepy.verdict.proof import new_secret, read_proof
from sleepy.verdict.test_module import ProvedTest


def judge_project(
    sandbox: ProjectSandbox, cache: BuildCache, task: Task, files: Mapping[str, str], *,
    guards: Collection[ProjectGuard] = ALL_PROJECT_GUARDS,
) -> SandboxResult:
    """Build ``files`` (the candidate: project-relative path -> text) over ``cache`` and say whether it passes.

    ``cache`` is the pristine project's build (``sandbox.build_cache`` of ``task.project.root``).
    """
    project = task.project
    if project is None:
        raise ValueError(f"task {task.id}: judge_project needs a crate task (task.project is None); "
                         "use sleepy.verdict.judge")
    path = next(iter(task.files))
    buggy = task.files[path]
    candidate = files.get(path)
    if candidate is None:
        return _refused(sandbox, Outcome.TEST_FAILURE, f"the candidate has no {path}")
    changed = {rel: text for rel, text in files.items() if rel == path or text != _pristine(cache, rel)}
    if ProjectGuard.EDITABLE_REGION in guards:
        reason = _outside_region(path, buggy, candidate, changed, project)
        if reason is not None:
            return _refused(sandbox, Outcome.SANDBOX_VIOLATION, reason)
    if ProjectGuard.CHEAT_POLICY in guards:
        reason = _region_cheat(buggy, candidate, project)
        if reason is not None:
            return _refused(sandbox, Outcome.SANDBOX_VIOLATION, f"{path}: {reason}")
    proving = ProjectGuard.COMPLETION_PROOF in guards
    run_files = dict(changed) if ProjectGuard.EDITABLE_REGION not in guards else {path: candidate}
    tests: Mapping[str, tuple[ProvedTest, ...]] = {}
    secret = ""
    if proving:
        try:
            proved = instrument_project(cache.path, run_files, project.tests)
        except ProjectProofError as exc:
            return _refused(sandbox, Outcome.TEST_FAILURE, str(exc))
        run_files.update(proved.files)
        tests, secret = proved.tests, new_secret()
    run = sandbox.attempt(cache, run_files, selection=project.tests,
                          stdin=f"{secret}\n".encode() if proving else None)
    return _decide(run, project, tests, secret, guards)


def _outside_region(
    path: str, buggy: str, candidate: str, changed: Mapping[str, str], project: ProjectSpec,
) -> str | None:
    others = sorted(rel for rel in changed if rel != path)
    if others:
        return f"{others[0]}: only {path} may change in this task"
    return outside_change(path, buggy, candidate, project.editable)


def _region_cheat(buggy: str, candidate: str, project: ProjectSpec) -> str | None:
    old = split_region(buggy, project.editable)
    new = split_region(candidate, project.editable, after_lines=len(old.after.splitlines(keepends=True)))
    if new.before != old.before or new.after != old.after:
        # The region guard is off and the candidate changed more: judge the whole file.
        return region_cheat(buggy, candidate)
    return region_cheat(old.inside, new.inside, first_line=project.editable[0])


def _decide(
    run: ProjectRun, project: ProjectSpec, tests: Mapping[str, tuple[ProvedTest, ...]], secret: str,
    guards: Collection[ProjectGuard],
) -> SandboxResult:
    binaries = {b.binary: b for b in run.binaries}
    stderr = {key: read_proof(b.stderr, secret) for key, b in binaries.items()}
    result = _as_result(run, {key: text for key, (_, text) in stderr.items()})
    if run.outcome not in (Outcome.PASSED, Outcome.TEST_FAILURE):
        return result  # did not compile, ran out of a limit, or was refused: never a pass
    if ProjectGuard.COMPLETION_PROOF in guards:
        missing: list[tuple[str, ProvedTest]] = []
        for key, proved in sorted(tests.items()):
            unproved = stderr[key][0].missing(proved) if key in stderr else proved  # a binary that never ran
            missing += [(key, t) for t in unproved]
        ran = not missing
        why = _unfinished(missing, binaries)
    else:
        passed = run.keys(CaseOutcome.PASSED)  # libtest's printed lines: what the candidate could forge
        wanted = [(key, name) for key, names in project.tests.items() for name in names]
        ran = all(k in passed for k in wanted)
        why = f"libtest did not report all {len(wanted)} deciding tests passing"
    exits = [(key, b) for key, b in binaries.items() if key in project.tests]
    bad_exit = next(((key, b) for key, b in exits if b.exit_code != 0 or b.signal is not None), None)
    exited = ProjectGuard.EXIT_STATUS not in guards or (bad_exit is None and len(exits) == len(project.tests))
    if ran and exited:
        return attrs.evolve(result, outcome=Outcome.PASSED, reason="")
    if run.keys(CaseOutcome.FAILED):
        return attrs.evolve(result, outcome=Outcome.TEST_FAILURE)  # the failing tests say more than ours
    if ran and bad_exit is not None:
        why = f"{bad_exit[0]}: the test program exited with status {bad_exit[1].exit_code}"
    elif ran:
        why = "a test binary with deciding tests did not run"
    return attrs.evolve(result, outcome=Outcome.TEST_FAILURE, reason=why)


def _unfinished(missing: list[tuple[str, ProvedTest]], binaries: Mapping[str, BinaryRun]) -> str:
    if not missing:
        return ""
    names = ", ".join(f"`{key} {t.name}`" for key, t in missing[:3]) + (" ..." if len(missing) > 3 else "")
    key = missing[0][0]
    binary = binaries.get(key)
    if binary is None:
        how = "did not run"
    elif binary.signal is None:
        how = f"exited with status {binary.exit_code}"
    else:
        how = f"was killed by {binary.signal}"
    if all(t.should_panic for _, t in missing):
        return f"{names} should have panicked but did not (the test program {how})"
    return f"{names} did not run to its end (the test program {how} before it finished)"


def project_result(run: ProjectRun) -> SandboxResult:
    """A project run as a tool shows it to the model (test output under a header per binary); never a verdict."""
    return _as_result(run, {})


def _as_result(run: ProjectRun, stderr: Mapping[str, str]) -> SandboxResult:
    """The project run as the koan verdict's result: per-binary output under a header line each."""
    failed = next((b for b in run.binaries if b.exit_code != 0 or b.signal is not None), None)
    shown = failed if failed is not None else (run.binaries[0] if run.binaries else None)
    return SandboxResult(
        run.outcome, Mode.TEST, run.isolation, run.isolation_note, reason=run.reason,
        diagnostics=run.diagnostics, tests=_summary(run.binaries) if run.binaries else None,
        stdout="".join(f"---- {b.binary} ----\n{b.stdout}" for b in run.binaries),
        stdout_truncated=any(b.stdout_truncated for b in run.binaries),
        stderr="".join(f"---- {b.binary} ----\n{stderr.get(b.binary, b.stderr)}" for b in run.binaries),
        stderr_truncated=any(b.stderr_truncated for b in run.binaries),
        exit_code=shown.exit_code if shown is not None else None, signal=shown.signal if shown is not None else None,
        compile_seconds=run.build_seconds, run_seconds=run.test_seconds,
    )


def _summary(binaries: tuple[BinaryRun, ...]) -> TestSummary:
    """libtest's summaries of every binary added up (for prompts and signatures; never for the verdict)."""
    summaries = [b.summary for b in binaries]
    return TestSummary(
        passed=sum(s.passed for s in summaries), failed=sum(s.failed for s in summaries),
        ignored=sum(s.ignored for s in summaries), measured=sum(s.measured for s in summaries),
        filtered_out=sum(s.filtered_out for s in summaries),
        failures=tuple(f for s in summaries for f in s.failures), finished=all(s.finished for s in summaries),
        running=next((s.running for s in summaries if s.running), None),
    )


def _pristine(cache: BuildCache, rel: str) -> str | None:
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        return None  # not a project file (the sandbox refuses it)
    try:
        return (cache.path / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _refused(sandbox: ProjectSandbox, outcome: Outcome, reason: str) -> SandboxResult:
    return SandboxResult(outcome, Mode.TEST, sandbox.isolation, sandbox.jail.note, reason=reason)
