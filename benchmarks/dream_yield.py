"""How many dreams (verified variants of train koans) survive the sandbox re-check, and what the checks cost.

    python benchmarks/dream_yield.py [--koans 20] [--per-task 2] [--seed 0] [--jobs 2] [--no-clippy] [--show-drops]

Takes the first `--koans` train koans in the order the koans task source serves them (families
interleaved), makes `--per-task` variants of each with `sleepy.curation.dreams.make_dreams`, checks every
one as the sleep phase does (buggy fails as declared, fix passes the verdict, no warnings, clippy) and
prints made / kept / dropped by reason and by mutation, with the sandbox wall time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.curation.dreams import check_dreams, make_dreams
from sleepy.sandbox import Sandbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--koans", type=int, default=20)
    parser.add_argument("--per-task", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-clippy", action="store_true")
    parser.add_argument("--show-drops", action="store_true", help="Print each dropped variant's first problem.")
    args = parser.parse_args()
    tasks = {t.id: t for t in KoanTaskSource(KoansOptions()).iter_tasks()}
    train = [t.id for t in tasks.values() if t.split == "train"][: args.koans]
    started = time.perf_counter()
    dreams = [d for task_id in train for d in make_dreams(task_id, tasks, count=args.per_task, seed=args.seed)]
    made_seconds = time.perf_counter() - started
    started = time.perf_counter()
    checked = check_dreams(dreams, Sandbox(), clippy=not args.no_clippy, jobs=args.jobs)
    check_seconds = time.perf_counter() - started
    kept = [c for c in checked if c.check.ok]
    dropped = Counter(c.check.problems[0][0] for c in checked if not c.check.ok)
    by_mutation = {m: {"made": sum(m in c.dream.mutations for c in checked),
                       "kept": sum(m in c.dream.mutations for c in kept)}
                   for m in ("rename", "literal", "reorder")}
    print(json.dumps({"koans": len(train), "variants": len(checked), "kept": len(kept), "dropped": dict(dropped),
                      "by_mutation": by_mutation, "make_seconds": round(made_seconds, 2),
                      "check_seconds": round(check_seconds, 1),
                      "seconds_per_variant": round(check_seconds / max(1, len(checked)), 2),
                      "parents_with_a_kept_variant": len({c.dream.parent.id for c in kept})}, indent=1))
    if args.show_drops:
        for c in checked:
            if not c.check.ok:
                print(f"{c.dream.parent.id} #{c.dream.index} {c.dream.mutations}: {c.check.problems[0][1][:300]}")


if __name__ == "__main__":
    main()
