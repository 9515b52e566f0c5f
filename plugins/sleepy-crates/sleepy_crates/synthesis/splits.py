"""Splits by crate: every task of a crate is in its crate's split, so no function is in two splits.

The caller may name a crate's split; the others get the split furthest below its share of
``DEFAULT_WEIGHTS``, in a seeded order of crate names (the koan manifest's rule, over crates).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from sleepy import TASK_SPLITS, SleepyError, Split

# train : validation : heldout : frozen over crates; 6 crates give 3 : 1 : 1 : 1.
DEFAULT_WEIGHTS: dict[Split, int] = {"train": 4, "validation": 1, "heldout": 2, "frozen": 1}


class SplitError(SleepyError):
    """A split that is not one of the task splits, or a crate or function in two splits."""


def normalize_crate(name: str) -> str:
    """Cargo's crate names: ``-`` and ``_`` are the same, case is not significant here."""
    return name.strip().lower().replace("_", "-")


def check_split(split: str, where: str) -> Split:
    """``split`` when it is a task split; a one-line SplitError naming ``where`` otherwise."""
    for known in TASK_SPLITS:
        if split == known:
            return known
    raise SplitError(f"{where}: split {split!r} is not one of {', '.join(TASK_SPLITS)}")


def assign_crate_splits(
    crates: Iterable[str], given: Mapping[str, str] | None = None, *, seed: int = 0,
) -> dict[str, Split]:
    """A split per crate name: the given one, else the one furthest below its share (seeded order)."""
    names = list(dict.fromkeys(crates))
    named: dict[str, Split] = {normalize_crate(k): check_split(v, f"--split {k}") for k, v in (given or {}).items()}
    unknown = sorted(set(named) - {normalize_crate(n) for n in names})
    if unknown:
        raise SplitError(f"--split names crate(s) not in the task set: {', '.join(unknown)}")
    splits: dict[str, Split] = {n: named[normalize_crate(n)] for n in names if normalize_crate(n) in named}
    counts: Counter[str] = Counter(splits.values())
    total = sum(DEFAULT_WEIGHTS.values())
    order = sorted((n for n in names if n not in splits),
                   key=lambda n: hashlib.sha256(f"{seed}:{normalize_crate(n)}".encode()).hexdigest())
    for name in order:
        n = sum(counts.values()) + 1
        split = max(DEFAULT_WEIGHTS, key=lambda s: (DEFAULT_WEIGHTS[s] * n / total - counts[s], DEFAULT_WEIGHTS[s]))
        splits[name] = split
        counts[split] += 1
    return splits


def split_conflicts(entries: Iterable[tuple[str, str, str, str]]) -> list[str]:
    """(crate, file, function, split) rows -> one line per crate or function found in two splits."""
    crate_splits: dict[str, set[str]] = {}
    function_splits: dict[tuple[str, str, str], set[str]] = {}
    for crate, file, function, split in entries:
        crate_splits.setdefault(normalize_crate(crate), set()).add(split)
        function_splits.setdefault((normalize_crate(crate), file, function), set()).add(split)
    problems = [f"crate {crate} is in splits {', '.join(sorted(s))}" for crate, s in sorted(crate_splits.items())
                if len(s) > 1]
    problems += [f"function {crate} {file} {function} is in splits {', '.join(sorted(s))}"
                 for (crate, file, function), s in sorted(function_splits.items()) if len(s) > 1]
    return problems
