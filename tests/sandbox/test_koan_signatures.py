"""Real koans through the sandbox: logic bugs that all used to read ``assertion `left == right` failed``."""

from __future__ import annotations

from sleepy.koans import CRATE_PATH, load_koan
from tests.koans.conftest import REPO_KOANS
from tests.sandbox.conftest import SandboxFactory

# Four logic-bug koans of four families whose first failure is an assert_eq!.
KOANS = ("borrow/borrow_14", "closures/closures_16", "lifetimes/lifetimes_14", "options/options_15")


def test_logic_bugs_get_distinct_signatures_that_repeat_exactly(sandbox: SandboxFactory) -> None:
    box = sandbox()
    signatures = {}
    for path in KOANS:
        koan = load_koan(REPO_KOANS / path)
        runs = [box.run({CRATE_PATH: koan.buggy}, "test").signature() for _ in range(2)]
        assert runs[0] is not None and runs[0] == runs[1], f"{koan.id}: {runs}"
        assert runs[0].code == "test_failure"
        signatures[koan.id] = str(runs[0])
    assert len(set(signatures.values())) == len(KOANS), signatures
    assert signatures["options_15"] == (
        'test_failure: tests::reads_settings: assertion `left == right` failed (left: None, right: Some("{}"))'
    )
