"""``python -m sleepy_crates.synthesis make|verify|table``: build, check and show a crate task set.

``make`` takes the arguments ``sleepy tasks make`` will take (``--crate NAME``, ``--path DIR``,
``--out DIR``), verifies each crate's mutants (resuming from the journals under the work dir),
writes the task set and prints the yield table per operator and per crate.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sleepy import SleepyError
from sleepy_crates.offline import CrateSandbox, local_crate, locate_crate
from sleepy_crates.synthesis.splits import assign_crate_splits
from sleepy_crates.synthesis.taskset import TaskSet, load_task_set, write_task_set
from sleepy_crates.synthesis.verify import CrateVerification, CrateVerifier, VerifyOptions
from sleepy_crates.synthesis.yield_table import merge, render, totals


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SleepyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sleepy_crates.synthesis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True)
    make = commands.add_parser("make", help="verify crates' mutants and write the task set")
    make.add_argument("--crate", action="append", default=[], metavar="NAME", help="a packaged crate (repeatable)")
    make.add_argument("--path", action="append", default=[], metavar="DIR", help="a local Cargo project (repeatable)")
    make.add_argument("--out", required=True, type=Path, help="the task set directory")
    make.add_argument("--work", type=Path, help="work copies, caches and journals (default: OUT/work)")
    make.add_argument("--install", action="store_true", help="apt-get install a missing librust-NAME-dev")
    make.add_argument("--max-mutants", type=int, metavar="N", help="verify a seeded sample of N mutants per crate")
    make.add_argument("--seed", type=int, default=0)
    make.add_argument("--split", action="append", default=[], metavar="CRATE=SPLIT",
                      help="put a crate in a split (train, validation, heldout, frozen); others get a seeded default")
    make.add_argument("--test-seconds", type=float, default=10.0, help="wall-clock limit per test binary and attempt")
    make.add_argument("--operators", help="comma-separated mutation operators (default: all)")
    make.add_argument("--function", action="append", metavar="PATH",
                      help="only mutants of this function (qualified path, repeatable)")
    make.add_argument("--isolation", default="auto", help="sandbox isolation (auto, bwrap, unshare)")
    make.set_defaults(run=_make)
    for name, run, text in (("verify", _verify, "check a task set's files, hashes and splits"),
                            ("table", _table, "print a task set's yield table")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--out", required=True, type=Path, help="the task set directory")
        sub.set_defaults(run=run)
    return parser


def _make(args: argparse.Namespace) -> int:
    if not args.crate and not args.path:
        print("error: name at least one --crate NAME or --path DIR", file=sys.stderr)
        return 2
    started = time.monotonic()
    sources = [locate_crate(name, install=args.install) for name in args.crate]
    sources += [local_crate(path) for path in args.path]
    given = dict(_split_argument(text) for text in args.split)
    splits = assign_crate_splits([s.name for s in sources], given, seed=args.seed)
    options = VerifyOptions(seed=args.seed, max_mutants=args.max_mutants, test_seconds=args.test_seconds,
                            operators=tuple(args.operators.split(",")) if args.operators else None,
                            functions=tuple(args.function) if args.function else None)
    sandbox = CrateSandbox(limits=options.limits(), isolation=args.isolation, jobs=1)
    verifier = CrateVerifier(sandbox, options, progress=lambda line: print(line, file=sys.stderr, flush=True))
    work = args.work if args.work is not None else args.out / "work"
    verified: list[CrateVerification] = []
    failed = 0
    for source in sources:
        try:
            verified.append(verifier.verify(source, work / f"{source.name}-{source.version}"))
        except SleepyError as exc:
            print(f"skipped {source.name} {source.version}: {exc}", file=sys.stderr)
            failed += 1
    task_set = write_task_set(args.out, verified, splits, seed=args.seed)
    _print_tables(task_set)
    print(f"\n{len(task_set.tasks)} tasks written to {args.out} in {(time.monotonic() - started) / 60:.1f} min")
    return 1 if failed else 0


def _split_argument(text: str) -> tuple[str, str]:
    name, sep, split = text.partition("=")
    if not sep or not name or not split:
        raise SystemExit(f"error: --split {text!r}: expected CRATE=SPLIT")
    return name, split


def _verify(args: argparse.Namespace) -> int:
    task_set = load_task_set(args.out)
    per_split: dict[str, int] = {}
    for task in task_set.tasks:
        per_split[task_set.split_of(task)] = per_split.get(task_set.split_of(task), 0) + 1
    crates = ", ".join(f"{n} {e.crate.version} ({e.split})" for n, e in task_set.crates.items())
    print(f"{args.out}: {len(task_set.tasks)} tasks, hashes and splits check; crates: {crates}; "
          f"per split: {per_split}")
    return 0


def _table(args: argparse.Namespace) -> int:
    _print_tables(load_task_set(args.out))
    return 0


def _print_tables(task_set: TaskSet) -> None:
    by_crate = {f"{n} {e.crate.version} ({e.split}, {e.mutants_available} available)": totals(e.yields)
                for n, e in task_set.crates.items()}
    print("Per operator:\n" + render(merge(e.yields for e in task_set.crates.values()), "operator"))
    print("\nPer crate:\n" + render(by_crate, "crate"))
