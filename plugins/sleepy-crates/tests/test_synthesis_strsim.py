"""A handful of the packaged strsim crate's mutants, verified against its own tests, written and loaded back.

Needs librust-strsim-dev (scripts/ensure_crates.sh), cargo and a jail; skips without them, fails under CI.
"""

from __future__ import annotations

from pathlib import Path

from offline_fixtures import sandbox_or_skip, strsim_or_skip
from sleepy_crates.mutations import apply
from sleepy_crates.synthesis import Bucket, CrateVerifier, VerifyOptions, load_task_set, write_task_set


def test_strsim_mutants_are_verified_against_its_own_tests(tmp_path: Path) -> None:
    source = strsim_or_skip()
    options = VerifyOptions(seed=0, max_mutants=6, test_seconds=20.0, functions=("generic_hamming",))
    verified = CrateVerifier(sandbox_or_skip(limits=options.limits()), options).verify(source, tmp_path / "work")
    assert verified.files == ("src/lib.rs",)
    assert len(verified.results) == 6 and verified.available > 6
    kept = [r for r in verified.results if r.bucket is Bucket.KEPT]
    caught = [r.task for r in kept if r.task is not None and r.task.failure.kind == "test_failure"]
    assert caught, [(r.operator, r.bucket, r.reason) for r in verified.results]
    for task in caught:
        assert all("hamming" in name for _, name in task.failing_tests)
        assert not set(task.passing_tests) & set(task.failing_tests)
        # The mutant is the mutation of the pristine file, and the reference fix gives that file back.
        pristine = (source.path / task.file).read_text()
        mutated = apply(pristine, task.mutation)
        assert task.buggy_function in mutated
        assert mutated.replace(task.buggy_function, task.reference_fix, 1) == pristine

    task_set = write_task_set(tmp_path / "tasks", [verified], {"strsim": "heldout"})
    assert len(task_set.tasks) == len(kept)
    assert load_task_set(tmp_path / "tasks").crates["strsim"].crate.source_hash == verified.crate.source_hash
