"""Temp crates are removed after every run: passed, timed out, refused, or crashed in our code."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleepy.sandbox import Limits, Outcome, ProcessLimits
from sleepy.sandbox.process import ConfinedProcess
from tests.sandbox.conftest import SandboxFactory, koan

FILES = koan("pub fn f() -> i32 { 1 }", "#[test]\nfn t() { assert_eq!(f(), 1); }")


def test_removed_after_pass_and_timeout(sandbox: SandboxFactory, tmp_path: Path) -> None:
    box = sandbox(temp_parent=tmp_path, limits=Limits(run=ProcessLimits(wall_seconds=1.0, cpu_seconds=1)))
    assert box.run(FILES, "test").passed
    assert list(tmp_path.iterdir()) == []
    spinning = koan("", "#[test]\nfn t() { loop { std::thread::sleep(std::time::Duration::from_millis(50)); } }")
    assert box.run(spinning, "test").outcome is Outcome.TIMEOUT
    assert list(tmp_path.iterdir()) == []


def test_removed_when_the_program_leaves_unwritable_dirs(sandbox: SandboxFactory, tmp_path: Path) -> None:
    files = koan(
        "",
        """
        #[test]
        fn lock_up() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::create_dir_all("trap/inner").unwrap();
            std::fs::write("trap/inner/f", "x").unwrap();
            std::fs::set_permissions("trap/inner", std::fs::Permissions::from_mode(0o000)).unwrap();
            std::fs::set_permissions("trap", std::fs::Permissions::from_mode(0o500)).unwrap();
        }
        """,
    )
    assert sandbox(temp_parent=tmp_path).run(files, "test").passed
    assert list(tmp_path.iterdir()) == []


def test_removed_when_our_code_raises(
    sandbox: SandboxFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: ConfinedProcess, deadline: float) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ConfinedProcess, "wait_until", explode)
    box = sandbox(temp_parent=tmp_path)
    for mode in ("test", "check"):
        with pytest.raises(RuntimeError, match="boom"):
            box.run(FILES, mode)
        assert list(tmp_path.iterdir()) == []


def test_nothing_created_for_a_refusal(sandbox: SandboxFactory, tmp_path: Path) -> None:
    assert sandbox(temp_parent=tmp_path).run({"build.rs": ""}, "test").outcome is Outcome.SANDBOX_VIOLATION
    assert list(tmp_path.iterdir()) == []
