"""The guards a pass verdict is made of; each can be switched off, so tests can show it is needed."""

from __future__ import annotations

import enum


class Guard(enum.StrEnum):
    """One defence against a reply that games the verdict; see docs/verdicts.md for the case each one stops."""

    # The task's own test module replaces whatever the reply did to it.
    RESTORE_TESTS = "restore_tests"
    # Constructs a fix never needs and the original does not have: cfg(test) twins, new crate
    # attributes, unsafe, foreign code, link attributes, compile-time env/include, host introspection.
    CHEAT_POLICY = "cheat_policy"
    # The test module calls std's macros by absolute path, so a reply's `macro_rules! assert_eq`
    # cannot change what a test asserts.
    QUALIFIED_TEST_MACROS = "qualified_test_macros"
    # Each original test proves it ran to its end by writing a per-run secret that the candidate
    # never sees; libtest's printed summary, which the candidate can forge, is not read.
    COMPLETION_PROOF = "completion_proof"
    # The test program itself must exit 0 (a test returning Err, or panicking for the wrong reason
    # in a should_panic test, fails only there).
    EXIT_STATUS = "exit_status"
    # A task without tests (check = "compile") passes only with a small change that keeps every line
    # of code: deleting or commenting out the broken code is not a fix.
    COMPILE_BUDGET = "compile_budget"


ALL_GUARDS: frozenset[Guard] = frozenset(Guard)
