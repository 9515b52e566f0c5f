"""Sandboxes for the tests, and helpers to write koans and to look for leftover processes."""

from __future__ import annotations

import os
import secrets
import textwrap
import time
from collections.abc import Callable
from typing import Any

import pytest

from sleepy.sandbox import IsolationUnavailable, Sandbox, Toolchain, ToolchainError
from sleepy.sandbox.isolation import IsolationLevel, probe

SandboxFactory = Callable[..., Sandbox]


@pytest.fixture(scope="session", autouse=True)
def _needs_rust() -> None:
    try:
        Toolchain.discover()
    except ToolchainError as exc:
        pytest.skip(f"no Rust toolchain: {exc}")


@pytest.fixture
def bwrap_sandbox() -> SandboxFactory:
    """``bwrap_sandbox(limits=..., crate_name=...)``: full isolation, or skip saying why not."""
    problem = probe(IsolationLevel.BWRAP)
    if problem is not None:
        pytest.skip(f"bubblewrap isolation unavailable here: {problem}")

    def make(**kwargs: Any) -> Sandbox:
        return Sandbox(isolation="bwrap", **kwargs)

    return make


@pytest.fixture(params=["bwrap", "unshare"])
def jailed_sandbox(request: pytest.FixtureRequest) -> SandboxFactory:
    """Each real isolation level in turn (forced, never ``auto``), or skip saying why one is unavailable."""
    level = IsolationLevel(request.param)
    problem = probe(level)
    if problem is not None:
        pytest.skip(f"{level.value} isolation unavailable here: {problem}")

    def make(**kwargs: Any) -> Sandbox:
        return Sandbox(isolation=level.value, **kwargs)

    return make


@pytest.fixture
def sandbox() -> SandboxFactory:
    """The best isolation available; ``none`` only where neither bwrap nor unshare works.

    These tests feed trusted snippets written here, so falling back keeps the functional
    tests meaningful on a CI runner that forbids namespaces; containment tests use bwrap_sandbox.
    SLEEPY_TEST_ISOLATION=bwrap|unshare|none pins the level, to test each one.
    """
    pinned = os.environ.get("SLEEPY_TEST_ISOLATION")

    def make(**kwargs: Any) -> Sandbox:
        if pinned:
            return Sandbox(isolation=pinned, **kwargs)
        try:
            return Sandbox(isolation="auto", **kwargs)
        except IsolationUnavailable:
            return Sandbox(isolation="none", **kwargs)

    return make


def koan(lib: str, tests: str) -> dict[str, str]:
    """A one-file crate: ``lib`` then ``tests`` inside ``#[cfg(test)] mod tests``."""
    body = textwrap.indent(textwrap.dedent(tests).strip("\n"), "    ")
    head = textwrap.dedent(lib).strip()
    return {"src/lib.rs": f"{head}\n\n#[cfg(test)]\nmod tests {{\n    use super::*;\n\n{body}\n}}\n"}


def unique_name(prefix: str) -> str:
    """A crate name no other process on the machine has in its command line."""
    return f"{prefix}_{secrets.token_hex(6)}"


def processes_mentioning(marker: str) -> list[str]:
    """Command lines of live processes containing ``marker`` (excluding zombies)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(f"{entry.name}: {cmdline}")
    return found


def assert_no_leftovers(marker: str) -> None:
    """Nothing the sandbox started is still alive (allowing the kernel a moment to reap)."""
    deadline = time.monotonic() + 3.0
    left = processes_mentioning(marker)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = processes_mentioning(marker)
    assert not left, f"leftover processes: {left}"
