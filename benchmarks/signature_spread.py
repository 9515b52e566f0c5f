"""How well error signatures tell the shipped koans' bugs apart, and whether they are stable.

    python benchmarks/signature_spread.py [--koans koans] [--kind test_failure|compile|all] [--runs 2] [--list]

Runs each koan's buggy ``lib.rs`` through the sandbox (``test`` mode, as the agent's first step
does) and prints, for test-failure koans and compile-error koans apart: how many koans, how many
distinct signatures, and the largest group of koans sharing one signature. With ``--runs 2`` or
more, every koan runs that often and any signature that changes between runs is printed: a
repeated bug must get the same signature every time. Uses only ``SandboxResult.signature()``, so
the same script measures any version of the code.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from sleepy.koans import CRATE_PATH, load_koans
from sleepy.sandbox import Sandbox


def main() -> None:
    """Run the koans and print the spread of their signatures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--koans", type=Path, default=Path(__file__).parents[1] / "koans")
    parser.add_argument("--kind", choices=("test_failure", "compile", "all"), default="all")
    parser.add_argument("--runs", type=int, default=1, help="runs per koan; >= 2 checks stability")
    parser.add_argument("--list", action="store_true", help="print every koan's signature")
    args = parser.parse_args()

    sandbox = Sandbox(isolation="auto")
    by_kind: dict[str, dict[str, str]] = defaultdict(dict)
    unstable: list[str] = []
    for koan in load_koans(args.koans):
        kind = "test_failure" if koan.meta.expected_failure == "test_failure" else "compile"
        if args.kind not in ("all", kind):
            continue
        seen = [str(sandbox.run({CRATE_PATH: koan.buggy}, "test", target=koan.meta.target).signature())
                for _ in range(args.runs)]
        if len(set(seen)) > 1:
            unstable.append(f"{koan.id}: {sorted(set(seen))}")
        by_kind[kind][koan.id] = seen[0]

    for kind, signatures in sorted(by_kind.items(), reverse=True):
        groups = Counter(signatures.values())
        top, size = groups.most_common(1)[0]
        print(f"{kind}: {len(signatures)} koans, {len(groups)} distinct signatures; "
              f"largest group {size} koans: {top}")
        if args.list:
            for koan_id, signature in sorted(signatures.items()):
                print(f"  {koan_id:<20} {signature}")
    if args.runs > 1:
        print(f"stability over {args.runs} runs: {len(unstable)} koans changed signature")
        for line in unstable:
            print(f"  {line}")


if __name__ == "__main__":
    main()
