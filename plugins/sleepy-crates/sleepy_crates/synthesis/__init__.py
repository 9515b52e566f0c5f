"""Task synthesis: mutants of real crates verified against their own tests, written as a hash-pinned task set."""

from sleepy_crates.synthesis.buckets import FAMILIES, classify, failure_signature, family
from sleepy_crates.synthesis.journal import Journal, JournalError
from sleepy_crates.synthesis.records import BUCKETS, Bucket, CrateIdentity, CrateTask, Failure, MutantResult
from sleepy_crates.synthesis.sources import library_files, source_hash
from sleepy_crates.synthesis.splits import DEFAULT_WEIGHTS, SplitError, assign_crate_splits, split_conflicts
from sleepy_crates.synthesis.taskset import CrateEntry, TaskSet, TaskSetError, load_task_set, write_task_set
from sleepy_crates.synthesis.verify import CrateVerification, CrateVerifier, VerifyOptions, plan_mutants
from sleepy_crates.synthesis.yield_table import count_by_operator, render

__all__ = [
    "BUCKETS",
    "DEFAULT_WEIGHTS",
    "FAMILIES",
    "Bucket",
    "CrateEntry",
    "CrateIdentity",
    "CrateTask",
    "CrateVerification",
    "CrateVerifier",
    "Failure",
    "Journal",
    "JournalError",
    "MutantResult",
    "SplitError",
    "TaskSet",
    "TaskSetError",
    "VerifyOptions",
    "assign_crate_splits",
    "classify",
    "count_by_operator",
    "failure_signature",
    "family",
    "library_files",
    "load_task_set",
    "plan_mutants",
    "render",
    "source_hash",
    "split_conflicts",
    "write_task_set",
]
