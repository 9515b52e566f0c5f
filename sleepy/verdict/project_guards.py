"""The guards a crate task's pass verdict is made of; each can be switched off, so tests can show it is needed."""

from __future__ import annotations

import enum


class ProjectGuard(enum.StrEnum):
    """One defence of the project verdict; see docs/verdicts.md, "Crate tasks", for the case each one stops."""

    # Only the task's one file may change, and only inside its editable lines (the mutated function):
    # the project's tests, its other files and the rest of the task's file stay as they are.
    EDITABLE_REGION = "editable_region"
    # The koan cheat policy on the editable lines, plus: no `macro_rules!` the function did not
    # have (an exported `assert_eq` changes what the tests assert) and no name of the proof's.
    CHEAT_POLICY = "cheat_policy"
    # Each deciding test proves it ran to its end with a per-run secret the candidate never sees;
    # libtest's printed lines, which the candidate can forge, are not read.
    COMPLETION_PROOF = "completion_proof"
    # Every test binary that runs deciding tests must exit 0.
    EXIT_STATUS = "exit_status"


ALL_PROJECT_GUARDS: frozenset[ProjectGuard] = frozenset(ProjectGuard)
