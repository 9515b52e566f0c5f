"""Koans an hour the day attempts with the real model, and where the time goes.

    python benchmarks/day_throughput.py [-c examples/quickstart.yaml] [--limit 32]
                                        [--set agent.reply_format=search_replace] [--set ...]

Runs `sleepy day` on the first ``--limit`` train koans in a fresh temporary run directory (nothing is
shared with earlier runs) and reads the episodes back: koans an hour (tasks over the day's wall
time, model loading excluded), replies per koan, reply tokens, aggregate tokens/s, and the sum of
model and sandbox seconds per koan (batched model calls and parallel sandbox runs overlap, so the
sums exceed the wall time). ``--set KEY=VALUE`` overrides a config value (YAML value, dotted key),
so levers such as the reply format or the batch size are measured on the same koans.
Target (issue 14): at least 600 koans an hour with up to 2 replies each on 2 cores.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from sleepy.run_dir import RunDirectory

ROOT = Path(__file__).resolve().parent.parent


def with_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """`data` with each `dotted.key=yaml-value` set (intermediate mappings created)."""
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise SystemExit(f"--set {item!r}: expected KEY=VALUE, e.g. agent.reply_format=search_replace")
        node = data
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise SystemExit(f"--set {item!r}: {part!r} is not a mapping in the config")
        node[leaf] = yaml.safe_load(raw)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", type=Path, default=ROOT / "examples" / "quickstart.yaml")
    parser.add_argument("--limit", type=int, default=32, help="train koans attempted")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    data = with_overrides(yaml.safe_load(args.config.read_text(encoding="utf-8")), args.overrides)
    with tempfile.TemporaryDirectory(prefix="sleepy-day-bench-") as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        run_dir = Path(tmp) / "run"
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "sleepy", "day", "-c", str(config), "--run-dir", str(run_dir),
                        "--limit", str(args.limit)], check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - started
        store = RunDirectory(run_dir).open_store()
        try:
            run_id = store.runs()[-1].id
            episodes = [e for e in store.episodes(run_id=run_id) if e["phase"] == "day"]
            steps = [s for e in episodes for s in store.steps(e["id"])]
        finally:
            store.close()
    times = sorted((e["started_at"], e["finished_at"]) for e in episodes)
    day_seconds = _span(times) or wall
    agent = data.get("agent", {})
    print(f"config {args.config} {' '.join(args.overrides)}".rstrip())
    print(f"reply format {agent.get('reply_format', 'whole_file')}, max_steps {agent.get('max_steps', 3)}, "
          f"batch_size {data.get('backend', {}).get('options', {}).get('batch_size', '-')}")
    passed = sum(bool(e["passed"]) for e in episodes)
    print(f"koans: {len(episodes)} ({passed} passed) in {day_seconds:.0f} s of day "
          f"({wall:.0f} s with model loading)")
    print(f"koans an hour: {3600 * len(episodes) / day_seconds:.0f}  (target >= 600)")
    replies = [s["tokens_out"] for s in steps if s["tokens_out"]]
    tokens = sum(s["tokens_out"] or 0 for s in steps)
    print(f"replies per koan: {len(replies) / max(len(episodes), 1):.2f}; reply tokens median "
          f"{statistics.median(replies) if replies else 0:.0f}; "
          f"aggregate {tokens / day_seconds:.1f} tok/s")
    model = sum(s["model_seconds"] or 0.0 for s in steps)
    tools = sum(s["tool_seconds"] or 0.0 for s in steps)
    print(f"per koan: model {model / max(len(episodes), 1):.1f} s, sandbox {tools / max(len(episodes), 1):.1f} s "
          f"(summed over overlapping batches and parallel runs)")


def _span(times: list[tuple[str, str]]) -> float:
    """Seconds from the first episode's start to the last one's finish (ISO timestamps)."""
    from datetime import datetime

    if not times:
        return 0.0
    first = min(datetime.fromisoformat(start) for start, _ in times)
    last = max(datetime.fromisoformat(end) for _, end in times)
    return (last - first).total_seconds()


if __name__ == "__main__":
    main()
