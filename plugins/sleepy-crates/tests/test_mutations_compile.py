"""Each case's crate passes its tests; each of its mutants fails as declared, compiled by rustc in the sandbox.

`rustc --edition 2021 --test --error-format=json`, then the test binary, is what the sandbox runs in
test mode (sleepy.sandbox.toolchain); the first error's code is read as `sleepy koans verify` reads it.
"""

from __future__ import annotations

import pytest
from mutation_cases import CASES, Case
from sleepy_crates.mutations import COMPILE_ERROR, apply, mutants

from sleepy.koans.verify import observed_failure
from sleepy.sandbox import IsolationUnavailable, Mode, Sandbox, SandboxResult, Toolchain, ToolchainError


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    """The best isolation available (these crates are written here, not by a model); skip without rustc."""
    try:
        Toolchain.discover()
    except ToolchainError as exc:
        pytest.skip(f"no Rust toolchain: {exc}")
    try:
        return Sandbox(isolation="auto", crate_name="mutant")
    except IsolationUnavailable:
        return Sandbox(isolation="none", crate_name="mutant")


def _failure(result: SandboxResult) -> str:
    observed = observed_failure(result)
    return COMPILE_ERROR if observed == "error" else observed


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.operator}-{case.name}")
def test_the_mutants_fail_as_declared(case: Case, sandbox: Sandbox) -> None:
    original = sandbox.run({"src/lib.rs": case.source}, Mode.TEST)
    assert original.passed, f"{case.name} itself does not pass: {original.reason}"
    found = mutants(case.source, operators=[case.operator])
    assert found, f"{case.operator} found nothing in {case.name}"
    for mutation in found:
        result = sandbox.run({"src/lib.rs": apply(case.source, mutation)}, Mode.TEST)
        assert _failure(result) == mutation.expected_failure, (
            f"{mutation.description} (line {mutation.line}): declared {mutation.expected_failure}, "
            f"observed {result.outcome.value}: {result.reason}"
        )
