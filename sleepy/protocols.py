"""What the strategies plugins register implement, one protocol per kind, and the check that refuses the rest.

Hooks register factories; the objects those factories build do the work. Each kind's protocol is
checked twice: when a strategy is registered (if its factory is a class, or is annotated with the
class it returns) and when it is built, so a missing method is one line naming it, never an
AttributeError hours into a run.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sleepy.consolidation import TrainingRequest, TrainingResult
from sleepy.gating import GateInput, GateResult
from sleepy.records import Completion, CompletionRequest, Task

if typing.TYPE_CHECKING:
    from sleepy.agent.tools import ToolOutcome, Workspace
    from sleepy.routing.routes import Route, RouteTable


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
class AdapterBackend(Backend, Protocol):
    """A backend that can generate with a LoRA adapter: what `sleepy day --adapter ID` and the gate need."""

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Load the PEFT adapter at `path` under `name` (loading a name twice may be an error)."""
        ...

    def set_adapter(self, name: str | None) -> None:
        """Generate with the loaded adapter `name`; None: the base model alone."""
        ...


@runtime_checkable
class HeldAdapters(Protocol):
    """An adapter backend that lists the adapters it holds, so each is loaded once per process."""

    @property
    def adapters(self) -> Mapping[str, Any]:
        """Adapter name -> where it was loaded from."""
        ...


@runtime_checkable
class TaskSource(Protocol):
    """Where tasks come from (koans, real repositories)."""

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        """Yield tasks, optionally of one split and at most `limit` of them."""
        ...


@runtime_checkable
class Tool(Protocol):
    """An action the agent can take inside a task workspace; the model names it in a reply."""

    name: str
    description: str

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        """Act on `workspace` (compiling only through its sandbox) and say what happened."""
        ...


@runtime_checkable
class Consolidator(Protocol):
    """A sleep strategy: turns one dataset version (and earlier adapters) into a candidate adapter."""

    def consolidate(self, request: TrainingRequest, backend: Backend) -> TrainingResult:
        """Train on `request.dataset_path`; `backend` may lend its already loaded base model."""
        ...


@runtime_checkable
class Gate(Protocol):
    """Decides whether a candidate may replace the current adapter."""

    def evaluate(self, gate_input: GateInput) -> GateResult:
        """Pass or fail the candidate, with reasons a person reads."""
        ...


@runtime_checkable
class Router(Protocol):
    """Picks, per task, which of the active adapter's routes serves it (`sleepy.routing.routes`)."""

    def route(self, task: Task, first_signature: str | None, routes: RouteTable) -> Route | None:
        """The route for `task` (whose untouched code failed with `first_signature`); None: the merged adapter."""
        ...


@runtime_checkable
class Reporter(Protocol):
    """An output sink for run events. It is registered with the plugin manager for the run, so it
    implements observer hooks (`@hookimpl def sleepy_phase_progress(self, ...)`, ...) as methods;
    the check asks for at least one of them."""


OBSERVER_PREFIX = "sleepy_"


def protocol_members(protocol: type) -> tuple[list[str], list[str]]:
    """The methods and the data attributes a protocol asks for, in declaration order (inherited first)."""
    methods: list[str] = []
    data: list[str] = []
    for base in reversed(protocol.__mro__):
        if base in (object, Protocol, typing.Generic) or not getattr(base, "_is_protocol", False):
            continue
        for name in getattr(base, "__annotations__", {}):
            if not name.startswith("_") and name not in data:
                data.append(name)
        for name, value in vars(base).items():
            if not name.startswith("_") and (callable(value) or isinstance(value, property)) and name not in methods:
                methods.append(name)
    return methods, data


def missing_member(protocol: type, target: object) -> str | None:
    """'method evaluate(gate_input)' or 'attribute name' for the first member `target` (a class or an
    instance) lacks; None when it has them all."""
    methods, data = protocol_members(protocol)
    is_class = inspect.isclass(target)
    for name in methods:
        if not callable(getattr(target, name, None)) and not _has_property(target, name):
            return f"method {name}{_parameters(getattr(protocol, name))}"
    for name in data:
        if not hasattr(target, name) and not (is_class and name in _annotations(target)):
            return f"attribute {name}"
    if protocol is Reporter and not any(n.startswith(OBSERVER_PREFIX) for n in dir(target)):
        return "observer hook method (e.g. sleepy_phase_progress(run, progress))"
    return None


def produced_class(factory: Callable[..., Any]) -> type | None:
    """The class `factory` builds when that is known without calling it: a class, or a function annotated
    with the class it returns. None for lambdas and factories annotated `Any`."""
    if inspect.isclass(factory):
        return factory
    try:
        returned = typing.get_type_hints(factory).get("return")
    except Exception:  # names imported only under TYPE_CHECKING: checked when the strategy is built
        return None
    return returned if inspect.isclass(returned) and returned is not type(None) else None


def _has_property(target: object, name: str) -> bool:
    return inspect.isclass(target) and isinstance(inspect.getattr_static(target, name, None), property)


def _annotations(cls: object) -> set[str]:
    return {name for base in getattr(cls, "__mro__", ()) for name in getattr(base, "__annotations__", {})}


def _parameters(method: Any) -> str:
    names = [p for p in inspect.signature(method).parameters if p != "self"]
    return f"({', '.join(names)})"
