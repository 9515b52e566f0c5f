"""Verification on a tiny local Cargo project: chosen mutants land in the right buckets, and a rerun resumes.

Needs cargo in the toolchain and a jail (skips without them, fails under CI).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from offline_fixtures import sandbox_or_skip, write_tree
from sleepy_crates.offline import BuildCache, CrateRun, CrateSandbox, local_crate
from sleepy_crates.synthesis import Bucket, CrateVerification, CrateVerifier, VerifyOptions, plan_mutants
from sleepy_crates.synthesis.cli import main
from sleepy_crates.synthesis.verify import JOURNAL_FILE

TINY = {
    "Cargo.toml": """
        [package]
        name = "tiny"
        version = "0.1.0"
        edition = "2021"
    """,
    "src/lib.rs": """
        pub fn add(a: i32, b: i32) -> i32 {
            a + b
        }

        pub fn is_adult(age: u32) -> bool {
            age >= 18
        }

        pub fn count_up(n: u32) -> u32 {
            let mut i = 0;
            while i < n {
                i += 1;
            }
            i
        }

        pub fn scale(x: i64) -> i64 {
            x * 1
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn adds() {
                assert_eq!(add(2, 3), 5);
            }

            #[test]
            fn adult() {
                assert!(is_adult(18));
                assert!(!is_adult(17));
            }

            #[test]
            fn counts() {
                assert_eq!(count_up(3), 3);
            }
        }
    """,
}
# Ten mutants: 4 test failures, 2 compile errors, 2 repeats of a failure, 1 endless loop, 1 that changes nothing.
OPTIONS = VerifyOptions(
    test_seconds=3.0,
    operators=("arithmetic_operator", "comparison_operator", "delete_statement", "literal_type", "remove_mut"),
)


class CountingSandbox:
    """A CrateSandbox that counts attempts (and so shows which mutants a rerun skips)."""

    def __init__(self, inner: CrateSandbox) -> None:
        self.inner = inner
        self.attempts = 0

    def build_cache(self, *args: Any, **kwargs: Any) -> BuildCache:
        return self.inner.build_cache(*args, **kwargs)

    def attempt(self, *args: Any, **kwargs: Any) -> CrateRun:
        self.attempts += 1
        return self.inner.attempt(*args, **kwargs)


@pytest.fixture(scope="module")
def sandbox() -> CountingSandbox:
    return CountingSandbox(sandbox_or_skip(limits=OPTIONS.limits()))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("tiny") / "tiny", TINY)


@pytest.fixture(scope="module")
def verified(sandbox: CountingSandbox, tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[
        CrateVerification, Path]:
    work = tmp_path_factory.mktemp("work")
    before = sandbox.attempts
    result = CrateVerifier(sandbox, OPTIONS).verify(local_crate(tiny), work)  # type: ignore[arg-type]
    assert sandbox.attempts - before == 10  # one attempt per mutant
    return result, work


def test_every_mutant_lands_in_the_bucket_its_behaviour_earns(verified: tuple[CrateVerification, Path]) -> None:
    result, work = verified
    plan = _plan(work)
    buckets = {plan[r.mutant_id]: r for r in result.results}
    assert len(buckets) == 10

    caught = buckets[("add", "+", "-")]
    assert caught.bucket is Bucket.KEPT and caught.task is not None
    assert caught.task.failing_tests == (("lib:tiny", "tests::adds"),)
    assert caught.task.failure.kind == "test_failure" and "left" in caught.task.failure.message
    assert caught.task.reference_fix.startswith("pub fn add") and "a + b" in caught.task.reference_fix
    assert "a - b" in caught.task.buggy_function
    assert set(caught.task.passing_tests) == {("lib:tiny", "tests::adult"), ("lib:tiny", "tests::counts")}

    typed = buckets[("is_adult", "18", "18.0")]
    assert typed.bucket is Bucket.KEPT and typed.task is not None
    assert typed.task.failure.kind == "E0308" and typed.task.failure.code == "E0308"
    assert typed.task.failure.file == "src/lib.rs" and typed.task.failure.line == 6
    assert typed.task.failing_tests == ()

    reassigned = buckets[("count_up", "mut ", "")]
    assert reassigned.bucket is Bucket.KEPT and reassigned.task is not None
    assert reassigned.task.failure.code == "E0384"

    assert buckets[("scale", "*", "/")].bucket is Bucket.NOT_CAUGHT  # x / 1 == x * 1
    loop = buckets[("count_up", "        i += 1;\n", "")]
    assert loop.bucket is Bucket.TIMED_OUT, loop.reason

    # `>=` -> `>` and `>=` -> `<=` fail the same test of the same function: the second is a duplicate.
    first, second = buckets[("is_adult", ">=", ">")], buckets[("is_adult", ">=", "<=")]
    assert first.bucket is Bucket.KEPT and second.bucket is Bucket.DUPLICATE
    assert second.signature == first.signature and first.mutant_id in second.reason
    counts = {b: sum(1 for r in result.results if r.bucket is b) for b in Bucket}
    assert counts == {Bucket.KEPT: 5, Bucket.NOT_CAUGHT: 1, Bucket.UNVIABLE: 0, Bucket.TIMED_OUT: 1,
                      Bucket.DUPLICATE: 3}


def test_a_rerun_skips_done_mutants_and_a_cut_journal_loses_only_the_last(
    sandbox: CountingSandbox, tiny: Path, verified: tuple[CrateVerification, Path],
) -> None:
    result, work = verified
    verifier = CrateVerifier(sandbox, OPTIONS)  # type: ignore[arg-type]
    before = sandbox.attempts
    again = verifier.verify(local_crate(tiny), work)
    assert sandbox.attempts == before  # nothing left to run
    assert [r.to_json() for r in again.results] == [r.to_json() for r in result.results]

    # A kill in the middle of writing a line: the first three results survive, the fourth is half written.
    journal = work / JOURNAL_FILE
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text("".join(lines[:4]) + lines[4][:20])
    kept_ids = {json.loads(line)["mutant"] for line in lines[1:4]}
    resumed = verifier.verify(local_crate(tiny), work)
    assert sandbox.attempts - before == 10 - 3
    assert {r.mutant_id for r in resumed.results} == {r.mutant_id for r in result.results}
    assert kept_ids <= {r.mutant_id for r in resumed.results}
    assert [r.bucket for r in resumed.results] == [r.bucket for r in result.results]
    assert all(json.loads(line) for line in journal.read_text().splitlines())  # no cut line left behind


def _plan(work: Path) -> dict[str, tuple[str, str, str]]:
    """mutant id -> (function, original, replacement), from the same plan the verifier made."""
    crate = work / "work" / "tiny-0.1.0"
    planned, _ = plan_mutants(crate, ["src/lib.rs"], OPTIONS)
    return {m.mutant_id: (m.function.path, m.mutation.original, m.mutation.replacement) for m in planned}


def test_the_make_entry_writes_a_task_set_and_prints_the_yield_tables(
    sandbox: CountingSandbox, tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "tasks"
    args = ["--path", str(tiny), "--out", str(out), "--function", "add", "--operators", "arithmetic_operator",
            "--split", "tiny=validation", "--test-seconds", "3"]
    assert main(["make", *args]) == 0
    printed = capsys.readouterr().out
    assert "| arithmetic_operator | 1 | 1 | 0 | 0 | 0 | 0 | 100 |" in printed
    assert "| tiny 0.1.0 (validation, 1 available) | 1 | 1 |" in printed
    assert "1 tasks written to" in printed
    assert main(["verify", "--out", str(out)]) == 0
    assert "1 tasks, hashes and splits check" in capsys.readouterr().out
    assert main(["make", "--out", str(out)]) == 2  # no crate named
