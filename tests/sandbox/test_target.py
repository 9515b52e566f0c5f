"""CrateTarget: the edition and crate kind rustc is told, in the command lines and end to end."""

from __future__ import annotations

import pytest

from sleepy.sandbox import CrateTarget, Mode, Outcome
from sleepy.sandbox.toolchain import build_tests_command, check_commands
from tests.sandbox.conftest import SandboxFactory
from tests.sandbox.editions import EDITION_2015_ONLY, EDITION_2024_ONLY, PROGRAM


def test_the_target_is_validated() -> None:
    assert CrateTarget() == CrateTarget("2021", "lib")
    with pytest.raises(ValueError, match="'edition' must be in"):
        CrateTarget("2027")
    with pytest.raises(ValueError, match="'kind' must be in"):
        CrateTarget(kind="dylib")


def test_command_lines_carry_the_edition_and_the_kind() -> None:
    lib, test = check_commands("rustc", "koan", deny_warnings=False, target=CrateTarget("2015", "bin"))
    assert lib[lib.index("--edition") + 1] == "2015" and lib[lib.index("--crate-type") + 1] == "bin"
    assert test[test.index("--edition") + 1] == "2015" and "--test" in test and "--crate-type" not in test
    assert lib[-1] == test[-1] == "src/lib.rs"  # the root keeps its name whatever the kind
    build = build_tests_command("rustc", "koan", "t", dynamic=False, target=CrateTarget("2024"))
    assert build[build.index("--edition") + 1] == "2024"
    default_lib, _ = check_commands("rustc", "koan", deny_warnings=False)
    assert default_lib[default_lib.index("--edition") + 1] == "2021"
    assert default_lib[default_lib.index("--crate-type") + 1] == "lib"


@pytest.mark.parametrize(("source", "edition"), [(EDITION_2015_ONLY, "2015"), (EDITION_2024_ONLY, "2024")])
def test_a_program_of_one_edition_passes_only_in_it(sandbox: SandboxFactory, source: str, edition: str) -> None:
    box = sandbox()
    files = {"src/lib.rs": source}
    passed = box.run(files, Mode.TEST, target=CrateTarget(edition))
    assert passed.outcome is Outcome.PASSED, passed.reason
    assert box.run(files, Mode.CLIPPY, target=CrateTarget(edition)).outcome is Outcome.PASSED
    for other in {"2015", "2021", "2024"} - {edition}:
        refused = box.run(files, Mode.TEST, target=CrateTarget(other))
        assert refused.outcome is Outcome.COMPILE_ERROR, (other, refused.reason)
    assert box.run(files, Mode.TEST).outcome is Outcome.COMPILE_ERROR  # the default is 2021


def test_a_program_checks_cleanly_as_a_bin_only(sandbox: SandboxFactory) -> None:
    box = sandbox()
    files = {"src/lib.rs": PROGRAM}
    as_bin = box.run(files, Mode.CHECK, target=CrateTarget(kind="bin"))
    assert as_bin.outcome is Outcome.PASSED and [d for d in as_bin.diagnostics if d.level == "warning"] == []
    assert box.run(files, Mode.CLIPPY, target=CrateTarget(kind="bin")).outcome is Outcome.PASSED
    assert box.run(files, Mode.TEST, target=CrateTarget(kind="bin")).outcome is Outcome.PASSED
    as_lib = box.run(files, Mode.CHECK)
    assert "function `main` is never used" in [d.message for d in as_lib.diagnostics if d.level == "warning"]
    assert box.run(files, Mode.CLIPPY).outcome is Outcome.COMPILE_ERROR  # -D warnings
