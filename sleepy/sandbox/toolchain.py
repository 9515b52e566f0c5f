"""The Rust toolchain the sandbox drives directly (no cargo), and its command lines per mode."""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from attrs import frozen

from sleepy.errors import SleepyError
from sleepy.sandbox.target import CrateTarget

LIB_ROOT = "src/lib.rs"  # the crate root whatever the target's kind: rustc does not care about the name
DEFAULT_TARGET = CrateTarget()


class ToolchainError(SleepyError):
    """rustc (or clippy-driver, or a linker) is not installed or does not answer."""


@frozen
class Toolchain:
    """Where the real compiler binaries live; the rustup proxies would not work inside a jail."""

    sysroot: Path
    has_clippy: bool
    target_libdir: Path  # relative to the sysroot: where the dynamic libstd lives

    @classmethod
    def discover(cls) -> Toolchain:
        """Ask ``rustc --print sysroot`` once per process and look for clippy-driver."""
        return _discover()

    def rustc(self, root: str) -> str:
        """Path of rustc as seen from a jail that mounts the sysroot at ``root``."""
        return f"{root}/bin/rustc"

    def libstd_dir(self, root: str) -> str:
        """Directory of the dynamic libstd as seen from a jail that mounts the sysroot at ``root``."""
        return f"{root}/{self.target_libdir}"

    def clippy_driver(self, root: str) -> str:
        """Path of clippy-driver as seen from a jail that mounts the sysroot at ``root``."""
        if not self.has_clippy:
            raise ToolchainError(f"clippy-driver is not installed in {self.sysroot}")
        return f"{root}/bin/clippy-driver"


def check_commands(
    compiler: str, crate_name: str, *, deny_warnings: bool, target: CrateTarget = DEFAULT_TARGET
) -> list[list[str]]:
    """Type-check the lib (or bin) target and the test target (like ``cargo check --all-targets``)."""
    deny = ["-D", "warnings"] if deny_warnings else []
    common = [compiler, "--edition", target.edition, "--crate-name", crate_name, "--error-format=json",
              "--emit=metadata"]
    return [
        [*common, "--crate-type", target.kind, "--out-dir", "target/lib", *deny, LIB_ROOT],
        [*common, "--test", "--out-dir", "target/test", *deny, LIB_ROOT],
    ]


def build_tests_command(
    compiler: str, crate_name: str, binary: str, *, dynamic: bool, target: CrateTarget = DEFAULT_TARGET
) -> list[str]:
    """Compile and link the libtest binary, tuned for link time (the bulk of a koan's build).

    Measured on a 60-line koan (rustc 1.95, lld): plain 103 ms, ``strip=debuginfo`` 89 ms, plus
    ``prefer-dynamic`` 80 ms. Dynamic linking needs the toolchain's libstd at run time, so it is
    only used when the test program can see the sysroot. No ``-C linker=``: naming one turns
    off rustc's default of linking through its bundled rust-lld (0.3 s instead of 0.17 s), so
    the jail mounts /etc/alternatives for ``cc`` instead.
    """
    flags = ["-C", "strip=debuginfo"] + (["-C", "prefer-dynamic"] if dynamic else [])
    return [compiler, "--edition", target.edition, "--crate-name", crate_name, "--error-format=json", "--test",
            *flags, "-o", binary, LIB_ROOT]


def run_tests_command(binary: str) -> list[str]:
    """Run the libtest binary: one test at a time, no colour, plain (pretty) format."""
    return [binary, "--test-threads=1", "--color", "never"]


@functools.cache
def _discover() -> Toolchain:
    rustc = shutil.which("rustc")
    if rustc is None:
        raise ToolchainError("rustc not found on PATH; install Rust (rustup) first")
    try:
        done = subprocess.run(
            [rustc, "--print", "sysroot"], capture_output=True, text=True, timeout=60, check=True, cwd="/",
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ToolchainError(f"`rustc --print sysroot` failed: {exc}") from exc
    sysroot = Path(done.stdout.strip())
    rustc_bin = sysroot / "bin" / "rustc"
    if not rustc_bin.is_file():
        raise ToolchainError(f"no rustc binary in sysroot {sysroot}")
    try:
        libdir = subprocess.run(
            [str(rustc_bin), "--print", "target-libdir"], capture_output=True, text=True, timeout=60, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ToolchainError(f"`rustc --print target-libdir` failed: {exc}") from exc
    return Toolchain(sysroot, (sysroot / "bin" / "clippy-driver").is_file(), Path(libdir).relative_to(sysroot))
