"""What one attempt on a real crate costs with the shared build cache, against the pristine build.

    python benchmarks/crate_attempt.py [--crate strsim | --path DIR] [--runs 3] [--jobs 1] [--install]

- pristine: prepare the work copy, then ``CrateSandbox.build_cache`` (``cargo test --no-run``
  from nothing, in the jail, then every test binary; doc tests left out, as in attempts).
- attempt:  a one-line change to src/lib.rs (a new function), then ``CrateSandbox.attempt``:
  copy the cached crate and target dir into the scratch tmpfs, rebuild what the change touches,
  run every test binary, all in the jail.

Medians of ``--runs`` each (and the minimum, the quiet-machine estimate).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sleepy_crates.offline import (
    BuildCache,
    CrateSandbox,
    CrateSource,
    Registry,
    local_crate,
    locate_crate,
    prepare_work_copy,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crate", default="strsim", help="a crate in the registry directory (default strsim)")
    parser.add_argument("--path", type=Path, help="a local Cargo project instead of a registry crate")
    parser.add_argument("--registry", type=Path, default=Registry().root)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1, help="cargo --jobs (default 1)")
    parser.add_argument("--install", action="store_true", help="apt-get install librust-NAME-dev when missing")
    args = parser.parse_args()
    registry = Registry(args.registry)
    source: CrateSource = (local_crate(args.path) if args.path
                           else locate_crate(args.crate, registry, install=args.install))
    sandbox = CrateSandbox(jobs=args.jobs)
    print(f"crate: {source.name} {source.version} ({source.path}); isolation: {sandbox.isolation.value}; "
          f"jobs {args.jobs}")
    with tempfile.TemporaryDirectory(prefix="sleepy-crate-bench-") as tmp:
        prepared = prepare_work_copy(source, Path(tmp) / "work", registry)
        for line in prepared.lines():
            print(f"  prepared: {line}")
        pristine: list[tuple[float, float, float]] = []
        cache: BuildCache | None = None
        for _ in range(args.runs):
            started = time.monotonic()
            cache = sandbox.build_cache(prepared, Path(tmp) / "cache", doc_tests=False)
            pristine.append((time.monotonic() - started, cache.baseline.build_seconds, cache.baseline.test_seconds))
        assert cache is not None
        counts = {key: row["passed"] for key, row in cache.baseline.counts().items()}
        print(f"baseline: {cache.baseline.outcome.value}; tests passed per binary {counts}; "
              f"cache {cache.size_bytes / 2**20:.0f} MiB")
        _report("pristine build (cargo test --no-run from nothing)", [b for _, b, _ in pristine])
        _report("pristine total (copy, build, tests, keep the cache)", [t for t, _, _ in pristine])
        lib = (cache.path / "src" / "lib.rs").read_text(encoding="utf-8")
        attempts = []
        for k in range(args.runs):
            edited = lib + f"\n#[allow(dead_code)] fn sleepy_benchmark_edit() -> u32 {{ {k + 1} }}\n"
            started = time.monotonic()
            run = sandbox.attempt(cache, {"src/lib.rs": edited})
            attempts.append((time.monotonic() - started, run.copy_seconds, run.build_seconds, run.test_seconds))
            if not run.passed:
                raise SystemExit(f"the benchmark edit broke the crate: {run.reason}")
        _report("attempt: copy cache into scratch", [a[1] for a in attempts])
        _report("attempt: rebuild", [a[2] for a in attempts])
        _report("attempt: run tests", [a[3] for a in attempts])
        _report("attempt total (one-line change, rebuild + test)", [a[0] for a in attempts])


def _report(label: str, seconds: list[float]) -> None:
    print(f"{label:55s} median {statistics.median(seconds):6.2f} s   min {min(seconds):6.2f} s   (n={len(seconds)})")


if __name__ == "__main__":
    main()
