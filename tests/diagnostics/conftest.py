"""Real rustc output for the diagnostics tests: compile a snippet (type-check only, nothing runs)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sleepy.diagnostics import Diagnostic, parse_diagnostics
from sleepy.sandbox import Toolchain, ToolchainError

FIXTURES = Path(__file__).parent / "fixtures"

CompileLib = Callable[[str], tuple[Diagnostic, ...]]


@pytest.fixture(scope="session")
def toolchain() -> Toolchain:
    try:
        return Toolchain.discover()
    except ToolchainError as exc:
        pytest.skip(f"no Rust toolchain: {exc}")


@pytest.fixture
def compile_lib(toolchain: Toolchain, tmp_path: Path) -> CompileLib:
    """Type-check ``source`` as src/lib.rs of crate `koan` and return rustc's parsed diagnostics.

    Trusted snippets written by these tests, and ``--emit=metadata`` never runs them, so no
    sandbox is needed; that keeps these tests about parsing, not isolation.
    """
    counter = iter(range(1_000_000))

    def compile_source(source: str) -> tuple[Diagnostic, ...]:
        crate = tmp_path / f"crate{next(counter)}"
        (crate / "src").mkdir(parents=True)
        (crate / "out").mkdir()
        (crate / "src" / "lib.rs").write_text(source)
        done = subprocess.run(
            [str(toolchain.sysroot / "bin" / "rustc"), "--edition", "2021", "--crate-type", "lib",
             "--crate-name", "koan", "--error-format=json", "--emit=metadata", "--out-dir", "out", "src/lib.rs"],
            cwd=crate, capture_output=True, text=True, timeout=120, check=False,
        )
        return parse_diagnostics(done.stderr)

    return compile_source


def fixture_diagnostics(name: str) -> tuple[Diagnostic, ...]:
    """Diagnostics captured from rustc 1.95 into fixtures/<name>.jsonl (source: <name>.rs)."""
    return parse_diagnostics((FIXTURES / f"{name}.jsonl").read_text())
