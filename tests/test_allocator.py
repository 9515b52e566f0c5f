"""glibc's mmap threshold fixed at start, so memory a phase freed does not stay resident under the next one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sleepy.allocator import DISABLE_ENV, return_freed_memory

# In a fresh interpreter: free one 16 MiB block (glibc then raises its mmap threshold to 16 MiB), allocate
# 64 blocks of 8 MiB with a small block after them that stays, free the 64, and report the resident size
# they left behind. From the heap, their holes stay resident under the kept block; mapped, they are gone.
PROBE = """
import json, sys
from pathlib import Path
tune = sys.argv[1] == "tune"
if tune:
    from sleepy.allocator import return_freed_memory
    assert return_freed_memory()
def rss():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024
first = bytearray(16 << 20)
del first
before = rss()
blocks = [bytearray(8 << 20) for _ in range(64)]
for b in blocks:
    b[::4096] = b"x" * len(b[::4096])
kept = bytearray(64 << 10)
del blocks
print(json.dumps({"left_mib": rss() - before}))
"""


def left_behind(mode: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != DISABLE_ENV}
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, check=True)
    return float(json.loads(out.stdout)["left_mib"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and /proc only")
def test_freed_blocks_leave_the_process_with_the_threshold_fixed_and_stay_without_it():
    assert left_behind("tune") < 64  # 512 MiB were allocated and freed
    assert left_behind("plain") > 256


def test_it_changes_nothing_when_the_user_tuned_malloc_or_turned_it_off(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    assert return_freed_memory() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert return_freed_memory() is False
