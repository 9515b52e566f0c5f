"""Choosing and building the isolation."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sleepy.sandbox import IsolationLevel, IsolationUnavailable, Sandbox
from sleepy.sandbox.isolation import BwrapJail, NoJail, UnshareJail, fresh_uid, probe, select_jail
from sleepy.sandbox.limits import ProcessLimits


def test_unknown_isolation_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown isolation"):
        select_jail("docker")


def test_none_is_only_rlimits() -> None:
    jail = select_jail("none")
    assert isinstance(jail, NoJail) and jail.level is IsolationLevel.NONE
    launch = jail.launch(["./t"], crate_dir=Path("/x"), limits=ProcessLimits(cpu_seconds=3, processes=9))
    assert launch.argv[0].endswith("prlimit") and "--cpu=3:4" in launch.argv and "--nproc=9" in launch.argv
    assert launch.argv[-1] == "./t" and not launch.signal_in_status


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_bwrap_command_line() -> None:
    launch = BwrapJail().launch(
        ["/toolchain/bin/rustc"], crate_dir=Path("/tmp/c/crate"), limits=ProcessLimits(), sysroot=Path("/rust"), uid=7,
    )
    argv = launch.argv
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv"):
        assert flag in argv
    assert argv[argv.index("/rust") - 1 : argv.index("/rust") + 2] == ("--ro-bind", "/rust", "/toolchain")
    assert "--reuid=7" in argv and "--no-new-privs" in argv
    assert launch.signal_in_status


def test_unshare_is_labelled_weaker() -> None:
    assert "weaker" in UnshareJail.note
    launch = UnshareJail().launch(["./t"], crate_dir=Path("/x"), limits=ProcessLimits())
    assert "--net" in launch.argv and "--pid" in launch.argv


@pytest.mark.parametrize("jail", [BwrapJail, UnshareJail])
def test_every_jail_compiles_as_the_sandbox_uid(jail: type[BwrapJail | UnshareJail]) -> None:
    # The toolchain is mounted at a public path in both, so the compiler never needs the caller's uid.
    assert jail().compile_uid(1_500_000_123) == 1_500_000_123
    assert jail().toolchain_path(Path("/root/.rustup/toolchains/x")) == "/toolchain"


def test_fresh_uid_is_unprivileged_and_varies() -> None:
    uid = fresh_uid()
    if os.geteuid() != 0:
        assert uid is None
    else:
        assert uid is not None and uid > 65535 and len({fresh_uid() for _ in range(20)}) > 1


def test_auto_prefers_bwrap_and_otherwise_says_why() -> None:
    bwrap_problem = probe(IsolationLevel.BWRAP)
    if bwrap_problem is None:
        assert Sandbox(isolation="auto").isolation is IsolationLevel.BWRAP
        return
    try:
        jail = select_jail("auto")
    except IsolationUnavailable as exc:
        assert "bwrap" in str(exc)
    else:
        assert jail.level is IsolationLevel.UNSHARE and "bwrap" in jail.note
