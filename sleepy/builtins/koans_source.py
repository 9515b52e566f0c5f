"""The `koans` task source: Rust koans from a directory laid out like the repository's `koans/`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from attrs import Attribute, frozen

from sleepy.config import option
from sleepy.hookspecs import hookimpl
from sleepy.koans import default_koans_dir, load_koans, manifest_problems, read_manifest
from sleepy.koans.loader import KoanFormatError
from sleepy.protocols import TaskSource
from sleepy.records import SPLITS, Task
from sleepy.registry import Registrar


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


class KoanTaskSource:
    """Serves koans as tasks, interleaving families so any prefix covers many of them."""

    def __init__(self, options: KoansOptions) -> None:
        self.options = options
        self.root = Path(options.path).expanduser() if options.path else default_koans_dir()

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        if split is not None and split not in SPLITS:
            raise KoanFormatError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
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
        by_family: dict[str, list[Task]] = defaultdict(list)
        for koan in koans:
            if self.options.families and koan.family not in self.options.families:
                continue
            task_split = manifest.split_of(koan.id)
            if split is None or task_split == split:
                by_family[koan.family].append(koan.to_task(task_split))
        served = 0
        queues = [by_family[f] for f in sorted(by_family)]
        for rank in range(max((len(q) for q in queues), default=0)):
            for queue in queues:
                if rank < len(queue):
                    if limit is not None and served >= limit:
                        return
                    served += 1
                    yield queue[rank]


@hookimpl
def sleepy_register_task_sources(register: Registrar[TaskSource]) -> None:
    register.add("koans", KoanTaskSource, options=KoansOptions,
                 description="Rust koans: one deliberate bug each, tests included (koans/README.md).")


