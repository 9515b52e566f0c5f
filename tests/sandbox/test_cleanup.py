"""Temp crates are removed after every run: passed, timed out, refused, or crashed in our code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sleepy.sandbox import Limits, Outcome, ProcessLimits, Sandbox
from sleepy.sandbox.isolation import IsolationLevel, probe
from sleepy.sandbox.process import ConfinedProcess
from tests.sandbox.conftest import SandboxFactory, assert_no_leftovers, koan, processes_mentioning, unique_name

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


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_leftovers_of_a_dead_process_are_removed_at_the_next_start(sandbox: SandboxFactory, tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    stale = tmp_path / f"sleepy-sandbox-{dead}-abc123"
    (stale / "crate" / "locked").mkdir(parents=True)
    (stale / "crate" / "locked" / "f").write_text("x")
    (stale / "crate" / "locked").chmod(0o500)
    stale_probe = tmp_path / f"sleepy-probe-{dead}-xyz"
    stale_probe.mkdir()
    in_use, unrelated = tmp_path / f"sleepy-sandbox-{alive}-def456", tmp_path / "sleepy-sandbox-notapid"
    in_use.mkdir()
    unrelated.mkdir()
    sandbox(temp_parent=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([in_use.name, unrelated.name])


@pytest.mark.parametrize("isolation", ["bwrap", "unshare"])
def test_kill_9_mid_run_leaves_nothing_after_the_next_start(isolation: str, tmp_path: Path) -> None:
    if probe(IsolationLevel(isolation)) is not None:
        pytest.skip(f"{isolation} unavailable here")
    name = unique_name("killed")
    script = (
        "import sys\n"
        "from sleepy.sandbox import Limits, ProcessLimits, Sandbox\n"
        "from tests.sandbox.conftest import koan\n"
        "limits = Limits(run=ProcessLimits(wall_seconds=120, cpu_seconds=120))\n"
        f"box = Sandbox(limits, {isolation!r}, temp_parent=sys.argv[1], crate_name={name!r})\n"
        "box.run(koan('', '#[test]\\nfn t() { loop { std::thread::sleep(std::time::Duration::from_millis(50)); } }'),"
        " 'test')\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 60
    while not processes_mentioning(f"{name}-test") and time.monotonic() < deadline:
        assert child.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert_no_leftovers(name)  # the jail dies with its parent
    assert [p.name for p in tmp_path.iterdir()], "nothing was left behind to clean"
    Sandbox(isolation=isolation, temp_parent=tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert str(tmp_path) not in Path("/proc/self/mountinfo").read_text()
