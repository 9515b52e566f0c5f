"""Splitting a koan-style file into the code under test and its test module.

The agent always runs the task's ORIGINAL test module: whatever a reply does to the tests is
replaced before anything is compiled, so deleting or weakening tests can never pass a task.
"""

from __future__ import annotations

from attrs import frozen

TEST_MARKER = "#[cfg(test)]"


@frozen
class SplitSource:
    code: str
    tests: str | None


def split_tests(source: str) -> SplitSource:
    """The code before the last top-level `#[cfg(test)]` module, and that module."""
    index = source.rfind("\n" + TEST_MARKER)
    if index < 0:
        index = 0 if source.startswith(TEST_MARKER) else -1
    else:
        index += 1
    if index < 0:
        return SplitSource(source, None)
    return SplitSource(source[:index], source[index:])


def with_original_tests(candidate: str, original_tests: str | None) -> tuple[str, bool]:
    """`candidate` with its test module replaced by the original; True if the reply had altered it."""
    if original_tests is None:
        return candidate, False
    parts = split_tests(candidate)
    restored = parts.code.rstrip() + "\n\n" + original_tests
    return restored, parts.tests != original_tests
