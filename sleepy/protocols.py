"""What config-selected objects implement. Hooks register factories; these objects do the work."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from sleepy.records import Completion, CompletionRequest, Task


@runtime_checkable
class Backend(Protocol):
    """A model that answers chat requests."""

    def complete(self, request: CompletionRequest) -> Completion:
        """Answer one request."""
        ...

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        """Answer several requests; backends that batch do it here."""
        ...

    def describe(self) -> dict[str, Any]:
        """Name, model and adapter in use, for provenance on every episode."""
        ...


@runtime_checkable
class TaskSource(Protocol):
    """Where tasks come from (koans, real repositories)."""

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        """Yield tasks, optionally of one split and at most `limit` of them."""
        ...


@runtime_checkable
class Tool(Protocol):
    """An action the agent can take inside a task workspace."""

    name: str
    description: str


@runtime_checkable
class Consolidator(Protocol):
    """A sleep strategy: turns training data and earlier adapters into a candidate adapter."""

    def consolidate(self, *args: Any, **kwargs: Any) -> Any:
        """Produce a candidate (its arguments grow with the sleep phase)."""
        ...


@runtime_checkable
class Gate(Protocol):
    """Decides whether a candidate may replace the current adapter."""

    def evaluate(self, *args: Any, **kwargs: Any) -> Any:
        """Return a pass/fail result with reasons."""
        ...


@runtime_checkable
class ModelSource(Protocol):
    """Resolves a model reference (hub id, directory, GGUF file, wheel) to local files."""

    def resolve(self, reference: str) -> Any:
        """Return a local, loadable form of `reference`."""
        ...


@runtime_checkable
class Reporter(Protocol):
    """An output sink for run events; registered with the plugin manager to observe hooks."""
