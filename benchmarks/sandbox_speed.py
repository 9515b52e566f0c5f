"""How long one `test`-mode attempt on a typical koan takes: the sandbox vs the floor vs the naive way.

    python benchmarks/sandbox_speed.py [--runs 10] [--naive-runs 5]

- sandbox: ``Sandbox().run(files, "test")`` (policy, temp crate, bubblewrap, rustc, test run).
- floor:   the bare minimum, no sandbox: ``rustc --edition 2021 --test`` then run the binary.
- floor (same flags): the sandbox's own rustc command line (tuned for link time), no sandbox:
           the difference to the sandbox is the sandbox's pure overhead.
- naive:   a fresh ``cargo new --lib`` + ``cargo test --offline`` per attempt.

The contenders take turns in a shuffled order each round, so that load from other work on the
machine hits all alike; medians are reported, and mins as the quiet-machine estimate.
Targets: sandbox <= 1.3x the floor, naive >= 4x the sandbox.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sleepy.sandbox import Sandbox, Toolchain
from sleepy.sandbox.toolchain import build_tests_command

KOAN = """\
//! Koan: keep a running total without overflowing.

pub fn checked_total(values: &[u32]) -> Option<u32> {
    let mut total: u32 = 0;
    for v in values {
        total = total.checked_add(*v)?;
    }
    Some(total)
}

pub fn average(values: &[u32]) -> Option<f64> {
    let total = checked_total(values)?;
    if values.is_empty() {
        return None;
    }
    Some(total as f64 / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_small_values() {
        assert_eq!(checked_total(&[1, 2, 3]), Some(6));
    }

    #[test]
    fn refuses_overflow() {
        assert_eq!(checked_total(&[u32::MAX, 1]), None);
    }

    #[test]
    fn averages() {
        assert_eq!(average(&[2, 4]), Some(3.0));
        assert_eq!(average(&[]), None);
    }
}
"""


def sandbox_attempt(sandbox: Sandbox) -> Callable[[], None]:
    """One sandboxed test-mode attempt."""

    def attempt() -> None:
        result = sandbox.run({"src/lib.rs": KOAN}, "test")
        assert result.passed, result.reason

    return attempt


def floor_attempt(toolchain: Toolchain, *, same_flags: bool) -> Callable[[], None]:
    """rustc --test plus running the binary: what the work costs with no sandbox at all.

    ``same_flags`` uses the sandbox's exact rustc command line (tuned for link time), which
    isolates the sandbox's own overhead; without it this is plain ``rustc --edition 2021 --test``.
    """
    rustc = str(toolchain.sysroot / "bin" / "rustc")
    libstd = toolchain.libstd_dir(str(toolchain.sysroot))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LD_LIBRARY_PATH": libstd}

    def attempt() -> None:
        with tempfile.TemporaryDirectory(prefix="sleepy-floor-") as tmp:
            Path(tmp, "src").mkdir()
            Path(tmp, "src", "lib.rs").write_text(KOAN)
            if same_flags:
                argv = build_tests_command(rustc, "koan", "koan-test", dynamic=True)
            else:
                argv = [rustc, "--edition", "2021", "--test", "-o", "koan-test", "src/lib.rs"]
            subprocess.run(argv, cwd=tmp, check=True, capture_output=True)
            subprocess.run(["./koan-test", "--test-threads=1"], cwd=tmp, env=env, check=True, capture_output=True)

    return attempt


def naive_attempt(cargo: str) -> Callable[[], None]:
    """A fresh cargo project per attempt, as a naive agent harness would do it."""

    def attempt() -> None:
        with tempfile.TemporaryDirectory(prefix="sleepy-naive-") as tmp:
            project = Path(tmp, "koan")
            subprocess.run([cargo, "new", "--lib", "--vcs", "none", "--offline", "--name", "koan", str(project)],
                           check=True, capture_output=True)
            (project / "src" / "lib.rs").write_text(KOAN)
            subprocess.run([cargo, "test", "--offline", "-q"], cwd=project, check=True, capture_output=True)

    return attempt


def timed(attempt: Callable[[], None]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    attempt()
    return time.perf_counter() - started


def main() -> None:
    """Run the comparison and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--naive-runs", type=int, default=5)
    args = parser.parse_args()

    sandbox = Sandbox()
    toolchain = Toolchain.discover()
    cargo = shutil.which("cargo")
    contenders: dict[str, Callable[[], None]] = {
        "sandbox": sandbox_attempt(sandbox),
        "floor": floor_attempt(toolchain, same_flags=False),
        "floor (same flags)": floor_attempt(toolchain, same_flags=True),
    }
    if cargo is not None:
        contenders["naive"] = naive_attempt(cargo)
    for attempt in contenders.values():
        attempt()  # warm the page cache and the probes
    times: dict[str, list[float]] = {name: [] for name in contenders}
    order = random.Random(0)
    load_before = os.getloadavg()[0]
    for run in range(args.runs):
        names = [n for n in contenders if n != "naive" or run < args.naive_runs]
        order.shuffle(names)
        for name in names:
            times[name].append(timed(contenders[name]))

    median = {name: statistics.median(values) for name, values in times.items()}
    least = {name: min(values) for name, values in times.items()}
    print(f"one test-mode attempt on a {len(KOAN.splitlines())}-line koan; isolation: {sandbox.isolation.value}; "
          f"load average {load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, values in times.items():
        print(f"  {name:<20} median {median[name] * 1000:7.1f} ms   min {least[name] * 1000:7.1f} ms   n={len(values)}")

    def ratio(a: str, b: str) -> str:
        return f"{median[a] / median[b]:.2f}x (mins: {least[a] / least[b]:.2f}x)"

    print(f"sandbox / floor:              {ratio('sandbox', 'floor')}  target <= 1.3x")
    print(f"sandbox / floor (same flags): {ratio('sandbox', 'floor (same flags)')}  the sandbox's own overhead")
    if "naive" in median:
        print(f"naive / sandbox:              {ratio('naive', 'sandbox')}  target >= 4x")
    else:
        print("naive: cargo not found, skipped")


if __name__ == "__main__":
    main()
