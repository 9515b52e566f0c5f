"""The record of one mutation, and the errors the mutation engine raises."""

from __future__ import annotations

import re

from attrs import field as attrs_field
from attrs import frozen, validators

from sleepy import SleepyError

TEST_FAILURE = "test_failure"  # it compiles and its behaviour changes: some test should fail
COMPILE_ERROR = "compile_error"  # it should not compile, with no code we can predict
# The koans' vocabulary (koan.toml's `expected_failure`), plus `compile_error` for codeless errors.
EXPECTED_FAILURE = re.compile(r"^(E\d{4}|test_failure|compile_error)$")


class MutationError(SleepyError):
    """A mutation that cannot be made: an unknown operator, or a source that does not match the record."""


@frozen
class Mutation:
    """One small edit to one function, and the failure it is expected to cause.

    ``start_byte``/``end_byte`` index the UTF-8 encoding of the whole source file; ``line`` is the
    1-based line where the edit starts.
    """

    operator: str
    function: str  # the function's qualified path (RustFunction.path)
    start_byte: int
    end_byte: int
    original: str
    replacement: str
    line: int
    description: str
    expected_failure: str = attrs_field(validator=validators.matches_re(EXPECTED_FAILURE))

    @property
    def key(self) -> tuple[int, int, str]:
        """Two mutations with the same key make the same source."""
        return (self.start_byte, self.end_byte, self.replacement)
