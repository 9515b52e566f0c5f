"""The per-attempt budget's plumbing: cgroup files written and read, both interfaces (v2 on fake dirs here)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sleepy.sandbox import cgroup, scratch
from sleepy.sandbox.cgroup import AttemptGroup, Support, Version
from sleepy.sandbox.isolation import Launch


@pytest.mark.parametrize("version", [Version.V2, Version.V1])
def test_group_limits_and_usage(version: Version, tmp_path: Path) -> None:
    parents = (tmp_path / "a",) if version is Version.V2 else (tmp_path / "memory", tmp_path / "pids")
    for parent in parents:
        parent.mkdir()
    group = AttemptGroup(Support(version, parents), 256 << 20, 32)
    if version is Version.V2:
        [path] = group.dirs
        assert (path / "memory.max").read_text() == f"{256 << 20}\n" and (path / "pids.max").read_text() == "32\n"
        (path / "memory.events").write_text("low 0\nhigh 0\nmax 9\noom 1\noom_kill 0\n")
        (path / "pids.events").write_text("max 0\n")
        assert group.usage() == cgroup.Usage(memory=False, tasks=False)  # reaching max alone is reclaim
        (path / "memory.events").write_text("max 9\noom 1\noom_kill 2\n")
    else:
        memory, pids = group.dirs
        assert (memory / "memory.limit_in_bytes").read_text() == f"{256 << 20}\n"
        assert (pids / "pids.max").read_text() == "32\n"
        (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n")
        (pids / "pids.events").write_text("max 3\n")
    usage = group.usage()
    assert usage.memory and usage.tasks == (version is Version.V1)


def test_wrap_joins_every_hierarchy_before_the_command(tmp_path: Path) -> None:
    parents = (tmp_path / "mem ory", tmp_path / "pids")
    for parent in parents:
        parent.mkdir()
    group = AttemptGroup(Support(Version.V1, parents), 64 << 20, 16)
    launch = group.wrap(Launch(("/bin/echo", "hi"), tmp_path, {"PATH": "/usr/bin:/bin"}, signal_in_status=False))
    done = subprocess.run(launch.argv, capture_output=True, text=True, check=True)
    assert done.stdout == "hi\n"
    joined = {int((path / "cgroup.procs").read_text()) for path in group.dirs}
    assert len(joined) == 1  # the wrapper's own pid, which then became the command


def test_support_is_described_in_one_line() -> None:
    assert "\n" not in cgroup.describe_support() and "\n" not in scratch.describe_support(512 << 20)
