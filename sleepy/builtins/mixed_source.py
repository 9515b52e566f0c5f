"""The `mixed` task source: the tasks of several task sources (koans and crate tasks, say) in one run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import Attribute, frozen, validators

from sleepy.config import NestedTaskSource, option
from sleepy.errors import SleepyError
from sleepy.hookspecs import hookimpl
from sleepy.protocols import TaskSource
from sleepy.records import Task
from sleepy.registry import Registrar

ORDERS = ("interleave", "concat")


class MixedTasksError(SleepyError):
    """The mixed sources cannot be served together (two of them serve the same task id)."""


def _sources(instance: object, attribute: Attribute[list[NestedTaskSource]], value: list[NestedTaskSource]) -> None:
    if not value:
        raise ValueError(f"'{attribute.name}' must name at least one task source (got [])")
    # One level is all a run needs; a mixed source inside another would only reorder the same tasks.
    for index, source in enumerate(value):
        if source.spec.factory is MixedTaskSource:
            raise ValueError(f"'{attribute.name}' must not hold another mixed task source "
                             f"(sources[{index}] is {source.spec.name!r}); list its sources here instead")


@frozen
class MixedOptions:
    """Options of the `mixed` task source."""

    sources: list[NestedTaskSource] = option(
        "The task sources mixed, each like `tasks` itself: {name: koans}, {name: crates, options: {tasks: DIR}}. "
        "Task ids must be unique across them.",
        validator=_sources)
    order: str = option(
        "interleave: one task of each source in turn, so any limit's prefix holds every source; concat: every "
        "task of the first source, then of the second, ...", default="interleave", validator=validators.in_(ORDERS))


class MixedTaskSource:
    """Serves the tasks of its sources, each split asked of every source; a limit applies after mixing."""

    def __init__(self, options: MixedOptions) -> None:
        self.options = options
        self.sources: list[Any] = [source.build() for source in options.sources]

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        # Whole splits are read, so an id clash is found whatever the limit.
        served = [list(source.iter_tasks(split=split)) for source in self.sources]
        self._refuse_clashing_ids(served)
        mixed = interleaved(served) if self.options.order == "interleave" else [t for ts in served for t in ts]
        yield from mixed if limit is None else mixed[:limit]

    def _refuse_clashing_ids(self, served: list[list[Task]]) -> None:
        first_seen: dict[str, int] = {}
        for index, tasks in enumerate(served):
            for task in tasks:
                other = first_seen.setdefault(task.id, index)
                if other != index:
                    raise MixedTasksError(
                        f"tasks.options.sources: task id {task.id!r} is served by both sources[{other}] "
                        f"({self.options.sources[other].spec.name}) and sources[{index}] "
                        f"({self.options.sources[index].spec.name}); task ids must be unique across mixed sources")


def interleaved(streams: list[list[Task]]) -> list[Task]:
    """The first task of each stream, then the second of each, ...; a stream that runs out drops out."""
    return [stream[rank] for rank in range(max((len(s) for s in streams), default=0))
            for stream in streams if rank < len(stream)]


@hookimpl
def sleepy_register_task_sources(register: Registrar[TaskSource]) -> None:
    register.add("mixed", MixedTaskSource, options=MixedOptions,
                 description="The tasks of several task sources in one run (koans and crate tasks), interleaved.")
