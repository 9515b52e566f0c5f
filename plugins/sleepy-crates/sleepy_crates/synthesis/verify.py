"""Verify a crate's mutants: build the pristine crate once, run one sandboxed attempt per mutant, bucket it.

Every mutant of every non-test source file lands in one bucket (records.Bucket); the kept ones
become tasks. Results go to the crate's journal as they come, so a rerun skips finished mutants.
"""

from __future__ import annotations

import hashlib
import math
import random
import shutil
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import attrs
from attrs import field, frozen, validators

from sleepy_crates.mutations import Mutation, apply, mutants
from sleepy_crates.offline import (
    BuildCache,
    CaseOutcome,
    CrateError,
    CrateLimits,
    CrateSandbox,
    CrateSource,
    prepare_work_copy,
)
from sleepy_crates.rust_syntax import RustFunction, functions
from sleepy_crates.synthesis.buckets import classify, failure_signature, text_hash
from sleepy_crates.synthesis.journal import Journal
from sleepy_crates.synthesis.records import Bucket, CrateIdentity, CrateTask, Failure, MutantResult
from sleepy_crates.synthesis.sources import library_files, source_hash

JOURNAL_FILE = "verify.jsonl"
_PROGRESS_EVERY_S = 10.0

Progress = Callable[[str], None]


@frozen
class VerifyOptions:
    """How mutants are chosen and judged."""

    seed: int = 0
    max_mutants: int | None = field(default=None, validator=validators.optional(validators.ge(1)))
    # Each test binary's wall-clock limit in an attempt: pristine suites here run in well under a
    # second per binary, so a mutant that takes this long loops.
    test_seconds: float = field(default=10.0, validator=[validators.gt(0), validators.le(600)])
    passing_sample: int = field(default=8, validator=validators.ge(0))
    operators: tuple[str, ...] | None = None
    functions: tuple[str, ...] | None = None  # only mutants of these functions (qualified paths)

    def limits(self) -> CrateLimits:
        """The crate limits with the per-binary test limit of these options."""
        limits = CrateLimits()
        run = attrs.evolve(limits.run, wall_seconds=self.test_seconds, cpu_seconds=math.ceil(self.test_seconds))
        return attrs.evolve(limits, run=run)


@frozen
class PlannedMutant:
    """One mutant to verify: which file, which mutation, and the function it is in."""

    mutant_id: str
    file: str
    mutation: Mutation
    function: RustFunction


@frozen
class CrateVerification:
    """A crate's verified mutants, in plan order, with how many the operators produced before sampling."""

    crate: CrateIdentity
    files: tuple[str, ...]
    available: int
    results: tuple[MutantResult, ...]
    seconds: float

    @property
    def tasks(self) -> list[CrateTask]:
        return [r.task for r in self.results if r.task is not None]


def crate_identity(source: CrateSource) -> CrateIdentity:
    """Name, version and the hash of the crate's sources as they are on disk."""
    return CrateIdentity(source.name, source.version, source_hash(source.path), source.origin)


def mutant_id(file: str, mutation: Mutation) -> str:
    """Stable across runs for the same sources: where the edit is and what it writes."""
    text = f"{file}\0{mutation.operator}\0{mutation.start_byte}\0{mutation.end_byte}\0{mutation.replacement}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def plan_mutants(
    crate: Path, files: Iterable[str], options: VerifyOptions, *, salt: str = "",
) -> tuple[list[PlannedMutant], int]:
    """Every mutant of ``files`` (a seeded sample of ``max_mutants`` of them), and how many there were."""
    planned = []
    for rel in files:
        source = (crate / rel).read_text(encoding="utf-8")
        spans = functions(source)
        for mutation in mutants(source, operators=options.operators):
            if options.functions is not None and mutation.function not in options.functions:
                continue
            function = next(f for f in spans if f.path == mutation.function
                            and f.start_byte <= mutation.start_byte and mutation.end_byte <= f.end_byte)
            planned.append(PlannedMutant(mutant_id(rel, mutation), rel, mutation, function))
    available = len(planned)
    if options.max_mutants is not None and available > options.max_mutants:
        chosen = random.Random(f"{options.seed}:{salt}").sample(range(available), options.max_mutants)
        planned = [planned[i] for i in sorted(chosen)]
    return planned, available


class CrateVerifier:
    """Runs the verification of one crate after another in one sandbox."""

    def __init__(self, sandbox: CrateSandbox, options: VerifyOptions | None = None,
                 progress: Progress | None = None) -> None:
        self.sandbox = sandbox
        self.options = options if options is not None else VerifyOptions()
        self.progress = progress if progress is not None else (lambda line: None)

    def verify(self, source: CrateSource, work_dir: str | Path) -> CrateVerification:
        """Verify every planned mutant of ``source``; ``work_dir`` holds the work copy, cache and journal.

        Raises CrateError when the crate cannot be prepared or built, or has no passing test.
        """
        started = time.monotonic()
        work = Path(work_dir)
        identity = crate_identity(source)
        prepared = prepare_work_copy(source, work / "work")
        cache = self.sandbox.build_cache(prepared, work / "cache", doc_tests=False)
        try:
            baseline = cache.baseline.keys(CaseOutcome.PASSED)
            if not baseline:
                raise CrateError(f"{source.path}: no test passes on the pristine crate, so no mutant can be caught")
            files = library_files(cache.path)
            planned, available = plan_mutants(prepared.path, files, self.options, salt=identity.name)
            with Journal(work / JOURNAL_FILE, identity) as journal:
                self._run(cache, prepared.path, planned, baseline, journal)
                results = tuple(journal.done[m.mutant_id] for m in planned)
        finally:
            shutil.rmtree(work / "cache", ignore_errors=True)
        return CrateVerification(identity, tuple(files), available, results, time.monotonic() - started)

    def _run(self, cache: BuildCache, crate: Path, planned: list[PlannedMutant],
             baseline: frozenset[tuple[str, str]], journal: Journal) -> None:
        texts = {m.file: (crate / m.file).read_text(encoding="utf-8") for m in planned}
        seen_texts = {r.text_hash: r.mutant_id for r in journal.done.values()}
        seen_signatures = {r.signature: r.mutant_id for r in journal.done.values()
                           if r.bucket is Bucket.KEPT and r.signature}
        meter = _Meter(cache.name, len(planned), sum(1 for m in planned if m.mutant_id in journal.done),
                       sum(1 for m in planned if (r := journal.done.get(m.mutant_id)) and r.bucket is Bucket.KEPT),
                       self.progress)
        for mutant in planned:
            if mutant.mutant_id in journal.done:
                continue
            result = self._verify_one(cache, mutant, texts[mutant.file], baseline, seen_texts, seen_signatures)
            journal.append(result)
            seen_texts.setdefault(result.text_hash, result.mutant_id)
            if result.bucket is Bucket.KEPT and result.signature:
                seen_signatures[result.signature] = result.mutant_id
            meter.step(result.bucket is Bucket.KEPT)
        meter.finish()

    def _verify_one(
        self, cache: BuildCache, mutant: PlannedMutant, original: str, baseline: frozenset[tuple[str, str]],
        seen_texts: dict[str, str], seen_signatures: dict[str, str],
    ) -> MutantResult:
        mutation = mutant.mutation
        mutated = apply(original, mutation)
        digest = text_hash(mutant.file, mutated)
        base = MutantResult(mutant.mutant_id, mutant.file, mutation.operator, Bucket.DUPLICATE, "", digest)
        if digest in seen_texts:
            return attrs.evolve(base, reason=f"the same file text as mutant {seen_texts[digest]}")
        started = time.monotonic()
        run = self.sandbox.attempt(cache, {mutant.file: mutated})
        seconds = time.monotonic() - started
        bucket, reason, failure = classify(run, mutation, baseline)
        base = attrs.evolve(base, bucket=bucket, reason=reason, seconds=seconds)
        if failure is None:
            return base
        signature = failure_signature(mutation.function, mutant.file, mutation.operator, failure)
        if signature in seen_signatures:
            return attrs.evolve(base, bucket=Bucket.DUPLICATE, signature=signature,
                                reason=f"same function, operator family and failure as {seen_signatures[signature]}")
        passing = run.keys(CaseOutcome.PASSED) & baseline
        task = make_task(cache.name, mutant, original, mutated, failure, passing,
                         seed=f"{self.options.seed}:{mutant.mutant_id}", sample=self.options.passing_sample)
        return attrs.evolve(base, signature=signature, task=task)


def make_task(
    crate: str, mutant: PlannedMutant, original: str, mutated: str, failure: Failure,
    passing: Collection[tuple[str, str]], *, seed: str, sample: int,
) -> CrateTask:
    """The task of a kept mutant; checks that the original function restores the pristine file exactly."""
    function, mutation = mutant.function, mutant.mutation
    before, after = original.encode(), mutated.encode()
    delta = len(mutation.replacement.encode()) - (mutation.end_byte - mutation.start_byte)
    buggy = after[function.start_byte:function.end_byte + delta]
    fix = before[function.start_byte:function.end_byte]
    if after[:function.start_byte] + fix + after[function.end_byte + delta:] != before:
        raise AssertionError(f"{mutant.file}: restoring {function.path} does not give back the pristine file")
    # The verdict reruns the failing tests plus a few that passed, from the same binaries when tests failed.
    binaries = {binary for binary, _ in failure.failing_tests}
    candidates = sorted(k for k in passing if not binaries or k[0] in binaries)
    chosen = random.Random(seed).sample(candidates, min(sample, len(candidates)))
    lines_added = mutation.replacement.count("\n") - mutation.original.count("\n")
    return CrateTask(
        f"{crate}-{mutant.mutant_id}", crate, mutant.file, function.path,
        (function.start_line, function.end_line + lines_added), mutation.operator, mutation, failure,
        tuple(sorted(chosen)), buggy.decode(), fix.decode(),
    )


class _Meter:
    """The progress line: mutants done of the total, kept so far, rate, time left."""

    def __init__(self, name: str, total: int, done: int, kept: int, emit: Progress) -> None:
        self.name, self.total, self.done, self.kept, self.emit = name, total, done, kept, emit
        self.started = self.last = time.monotonic()
        self.fresh = 0

    def step(self, kept: bool) -> None:
        self.done += 1
        self.fresh += 1
        self.kept += kept
        if time.monotonic() - self.last >= _PROGRESS_EVERY_S:
            self._line()

    def finish(self) -> None:
        self._line()

    def _line(self) -> None:
        self.last = time.monotonic()
        elapsed = self.last - self.started
        rate = self.fresh / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        self.emit(f"{self.name}: {self.done}/{self.total} mutants, kept {self.kept}, "
                  f"{rate * 60:.1f} mutants/min, {left / 60:.1f} min left")
