"""Mutation operators on one Rust function at a time, applied to a tree-sitter parse."""

from sleepy_crates.mutations.engine import apply, mutants
from sleepy_crates.mutations.model import COMPILE_ERROR, TEST_FAILURE, Mutation, MutationError
from sleepy_crates.mutations.registry import OPERATORS, Operator, select_operators

__all__ = [
    "COMPILE_ERROR",
    "OPERATORS",
    "TEST_FAILURE",
    "Mutation",
    "MutationError",
    "Operator",
    "apply",
    "mutants",
    "select_operators",
]
