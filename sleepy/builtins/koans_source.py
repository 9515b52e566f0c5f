"""The `koans` task source: Rust koans from a directory laid out like the repository's `koans/`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import Attribute, evolve, frozen, validators

from sleepy.config import option
from sleepy.hookspecs import hookimpl
from sleepy.koans import default_koans_dir, load_koans, manifest_problems, read_manifest
from sleepy.koans.loader import KoanFormatError
from sleepy.protocols import TaskSource
from sleepy.records import TASK_SPLITS, VALIDATION, Task
from sleepy.registry import Registrar

KOANS = "koans"  # the task source's registered name


def _koans_directory(instance: object, attribute: Attribute[str | None], value: str | None) -> None:
    # Checked when the config is read, so `sleepy config check` catches a wrong path before a run does.
    if value is not None and not Path(value).expanduser().is_dir():
        raise ValueError(f"'{attribute.name}' must be an existing directory of koans (got {value!r})")


@frozen
class KoansOptions:
    """Options of the `koans` task source."""

    path: str | None = option("Koans directory (default: $SLEEPY_KOANS_DIR or the repository's koans/).",
                              default=None, validator=_koans_directory)
    families: list[str] = option("Only these families (empty: all).", factory=list)
    strict_manifest: bool = option("Refuse to run when koans disagree with their manifest.", default=True)
    validation: int = option(
        "Train koans served as the `validation` split instead: never attempted by day, never trained on; evaluate "
        "them (`evaluation.splits: [validation]`) to pick levers without touching heldout. Spread evenly over the "
        "train koans in serving order, so every family keeps most of its train koans (0: none).",
        default=0, validator=validators.ge(0))


class KoanTaskSource:
    """Serves koans as tasks, interleaving families so any prefix covers many of them."""

    def __init__(self, options: KoansOptions) -> None:
        self.options = options
        self.root = Path(options.path).expanduser() if options.path else default_koans_dir()

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        if split is not None and split not in TASK_SPLITS:
            raise KoanFormatError(f"unknown split {split!r}; expected one of {', '.join(TASK_SPLITS)}")
        koans = load_koans(self.root)
        manifest = read_manifest(self.root)
        if self.options.strict_manifest:
            problems = manifest_problems(koans, manifest)
            if problems:
                raise KoanFormatError(f"{self.root}: koans disagree with manifest.json: {problems[0]}"
                                      + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
        unknown = sorted(set(self.options.families) - {k.family for k in koans})
        if unknown:  # a misspelt family would silently select no task at all
            raise KoanFormatError(f"{self.root}: no koans of family {', '.join(map(repr, unknown))} (families: "
                                  f"{', '.join(sorted({k.family for k in koans}))})")
        tasks = [koan.to_task(manifest.split_of(koan.id)) for koan in koans
                 if not self.options.families or koan.family in self.options.families]
        set_aside = validation_ids(interleaved([t for t in tasks if t.split == "train"]), self.options.validation)
        tasks = [evolve(t, split=VALIDATION) if t.id in set_aside else t for t in tasks]
        served = interleaved([t for t in tasks if split is None or t.split == split])
        yield from served if limit is None else served[:limit]


def interleaved(tasks: list[Task]) -> list[Task]:
    """Every family's first task, then every family's second, ...: any prefix covers many families."""
    by_family: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_family[task.family].append(task)
    queues = [by_family[f] for f in sorted(by_family)]
    return [queue[rank] for rank in range(max((len(q) for q in queues), default=0))
            for queue in queues if rank < len(queue)]


def validation_ids(train: list[Task], count: int) -> set[str]:
    """`count` train tasks, round-robin over families from the end of each family's queue, so every family
    gives about as many and keeps its first ones for short days; the same ones for every run."""
    if count <= 0:
        return set()
    if count >= len(train):
        raise KoanFormatError(f"tasks.options.validation: {count} validation koans would leave no train koan "
                              f"(the train split holds {len(train)}); expected fewer than {len(train)}")
    by_family: dict[str, list[Task]] = defaultdict(list)
    for task in train:
        by_family[task.family].append(task)
    tails = [list(reversed(by_family[f])) for f in sorted(by_family)]
    ordered = [tail[rank] for rank in range(max(len(t) for t in tails)) for tail in tails if rank < len(tail)]
    return {task.id for task in ordered[:count]}


def koan_collection(path: Path) -> dict[str, Any]:
    """The `tasks` config that serves the koan collection at `path` (what `--tasks DIR` swaps in)."""
    return {"name": KOANS, "options": {"path": str(path)}}


@hookimpl
def sleepy_register_task_sources(register: Registrar[TaskSource]) -> None:
    register.add(KOANS, KoanTaskSource, options=KoansOptions,
                 description="Rust koans: one deliberate bug each, tests included (koans/README.md).")


