"""Peak resident memory of one real-model cycle, phase by phase, in this process and its children.

    python benchmarks/cycle_memory.py [-c examples/quickstart.yaml] [--limit 4] [--eval-limit 2] [--run-dir DIR]
                                      [--keep-malloc]

Runs ``run_cycle`` on a copy of the config whose evaluation limits are `--eval-limit` (heldout and
frozen; omit it to keep the file's) in a fresh run directory (a temporary one unless `--run-dir`).
Before each phase (model load, day, sleep, gate, report) the kernel's peak-RSS mark of this process is
reset (``5`` to /proc/self/clear_refs), so each phase's ``VmHWM`` is its own peak; RSS after the phase
shows what it left behind. Children (sandboxed rustc and test programs) are reported as the largest
one so far (RUSAGE_CHILDREN), which is what ``/usr/bin/time -v`` would see if one of them were the
biggest process. Target: every figure below 4096 MiB for the default model (docs/performance.md).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import sleepy.phases.cycle as cycle_module
from sleepy.allocator import return_freed_memory
from sleepy.phases.cycle import run_cycle
from sleepy.phases.setup import started_phase
from sleepy.plugins import get_plugin_manager

MIB = 1024 * 1024


def status_mib(field: str) -> float:
    """A size field of /proc/self/status (VmRSS, VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"/proc/self/status has no {field} (Linux only)")


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class PhaseMeter:
    """Peak and final RSS of each phase it wraps, printed as the phase ends."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, float, float]] = []

    def measure(self, name: str, phase: Callable[..., Any]) -> Callable[..., Any]:
        def measured(*args: Any, **kwargs: Any) -> Any:
            reset_peak()
            started = time.perf_counter()
            try:
                return phase(*args, **kwargs)
            finally:
                row = (name, status_mib("VmHWM"), status_mib("VmRSS"), children_peak_mib(),
                       time.perf_counter() - started)
                self.rows.append(row)
                print(f"{row[0]:<8} peak {row[1]:7.0f} MiB  after {row[2]:7.0f} MiB  children max {row[3]:6.0f} MiB"
                      f"  {row[4]:6.1f} s", flush=True)

        return measured


def limited_config(source: Path, eval_limit: int | None, into: Path) -> Path:
    """A copy of `source` with heldout and frozen limits set to `eval_limit` (unchanged when None)."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    if eval_limit is not None:
        evaluation = config.setdefault("evaluation", {})
        evaluation["limit"] = evaluation["frozen_limit"] = eval_limit
    target = into / source.name
    target.write_text(yaml.safe_dump(config), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", type=Path, default=Path("examples/quickstart.yaml"))
    parser.add_argument("--limit", type=int, default=4, help="train tasks by day")
    parser.add_argument("--eval-limit", type=int, default=2, help="heldout and frozen tasks each (-1: the file's)")
    parser.add_argument("--run-dir", type=Path, default=None)
    parser.add_argument("--keep-malloc", action="store_true",
                        help="leave glibc's malloc as it is (the CLI fixes its mmap threshold: sleepy.allocator)")
    args = parser.parse_args(argv)
    tuned = False if args.keep_malloc else return_freed_memory()  # as `sleepy` does first
    work = Path(tempfile.mkdtemp(prefix="cycle-memory-"))
    config = limited_config(args.config, None if args.eval_limit < 0 else args.eval_limit, work)
    run_dir = args.run_dir or work / "run"
    meter = PhaseMeter()
    for name in ("run_day", "run_sleep", "run_gate", "write_report"):
        setattr(cycle_module, name, meter.measure(name.removeprefix("run_").removeprefix("write_"),
                                                  getattr(cycle_module, name)))
    print(f"start    rss {status_mib('VmRSS'):7.0f} MiB  ({args.config}, --limit {args.limit}, run dir {run_dir}; "
          f"malloc's mmap threshold fixed: {tuned})")
    with started_phase(get_plugin_manager(), config, run_dir, "cycle") as ctx:
        load = getattr(ctx.backend, "load", None)
        if callable(load):
            meter.measure("load", load)()
        summary = run_cycle(ctx, limit=args.limit)
    worst = max(row[1] for row in meter.rows)
    print(f"cycle    peak {worst:7.0f} MiB (python), children max {children_peak_mib():.0f} MiB, "
          f"{summary.seconds:.0f} s; target < 4096 MiB")
    return 0 if max(worst, children_peak_mib()) < 4096 else 1


if __name__ == "__main__":
    sys.exit(main())
