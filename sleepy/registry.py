"""Named strategies that plugins register and config selects.

Each registration hook receives a `Registrar` bound to one kind and one plugin, so every
strategy records who provided it and collisions can name both providers.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from attrs import define, field, frozen

from sleepy.errors import DuplicateStrategyError, StrategyContractError, UnknownStrategyError
from sleepy.protocols import (
    Backend,
    Consolidator,
    Gate,
    Reporter,
    Router,
    TaskSource,
    Tool,
    missing_member,
    produced_class,
)

if TYPE_CHECKING:
    import pluggy

T = TypeVar("T")


class StrategyKind(enum.StrEnum):
    """The kinds of things plugins register; each has a registration hook."""

    BACKEND = "backend"
    TOOL = "tool"
    TASK_SOURCE = "task_source"
    CONSOLIDATOR = "consolidator"
    GATE = "gate"
    REPORTER = "reporter"
    ROUTER = "router"

    @property
    def hook_name(self) -> str:
        return f"sleepy_register_{self.value}s"

    @property
    def protocol(self) -> type:
        """What every strategy of this kind implements (sleepy.protocols)."""
        return PROTOCOLS[self]


PROTOCOLS: dict[StrategyKind, type] = {
    StrategyKind.BACKEND: Backend,
    StrategyKind.TOOL: Tool,
    StrategyKind.TASK_SOURCE: TaskSource,
    StrategyKind.CONSOLIDATOR: Consolidator,
    StrategyKind.GATE: Gate,
    StrategyKind.REPORTER: Reporter,
    StrategyKind.ROUTER: Router,
}


@frozen
class NoOptions:
    """Options class for strategies that take none; any key is an error."""


@frozen
class StrategySpec(Generic[T]):
    """A registered strategy: how to build it, what options it takes, who provided it."""

    kind: StrategyKind
    name: str
    factory: Callable[[Any], T]
    options: type
    description: str
    provider: str
    distribution: str | None = None

    def build(self, options: Any) -> T:
        """Build the strategy from an already structured `options` instance; refuse what breaks its protocol."""
        built = self.factory(options)
        _check_contract(self.kind, self.name, self.provider, built, type(built).__name__)
        return built


@define
class Registrar(Generic[T]):
    """Handed to a registration hook; `add` records one strategy of this kind."""

    kind: StrategyKind
    provider: str
    distribution: str | None = None
    added: list[StrategySpec[T]] = field(factory=list)

    def add(
        self,
        name: str,
        factory: Callable[[Any], T],
        *,
        options: type = NoOptions,
        description: str = "",
    ) -> None:
        """Register `factory(options_instance)` under `name`.

        :param name: what config uses to pick this strategy.
        :param factory: builds the strategy from a structured `options` instance.
        :param options: a frozen attrs class describing the accepted options.
        :param description: one line shown by `sleepy plugins` and `sleepy config explain`.
        """
        if not name or not name.replace("-", "_").replace(".", "_").isidentifier():
            raise ValueError(f"{self.provider}: invalid {self.kind} name {name!r}")
        produced = produced_class(factory)
        if produced is not None:
            _check_contract(self.kind, name, self.provider, produced, produced.__name__)
        self.added.append(
            StrategySpec(self.kind, name, factory, options, description, self.provider, self.distribution)
        )


@define
class Registry:
    """Every strategy registered by the loaded plugins, by kind and name."""

    _specs: dict[StrategyKind, dict[str, StrategySpec[Any]]] = field(
        factory=lambda: {kind: {} for kind in StrategyKind}
    )

    @classmethod
    def collect(cls, pm: pluggy.PluginManager) -> Registry:
        """Call every registration hook once per plugin and gather what they add."""
        registry = cls()
        distributions = getattr(pm, "distributions", {})
        for kind in StrategyKind:
            hook = getattr(pm.hook, kind.hook_name)
            for impl in hook.get_hookimpls():
                others = [p for p in pm.get_plugins() if p is not impl.plugin]
                registrar: Registrar[Any] = Registrar(kind, impl.plugin_name, distributions.get(impl.plugin_name))
                pm.subset_hook_caller(kind.hook_name, remove_plugins=others)(register=registrar)
                for spec in registrar.added:
                    registry._add(spec)
        return registry

    def _add(self, spec: StrategySpec[Any]) -> None:
        existing = self._specs[spec.kind].get(spec.name)
        if existing is not None:
            raise DuplicateStrategyError(
                f"{spec.kind} {spec.name!r} is registered twice: by {_provider(existing)} and by "
                f"{_provider(spec)}; disable one with SLEEPY_DISABLE_PLUGINS"
            )
        self._specs[spec.kind][spec.name] = spec

    def get(self, kind: StrategyKind, name: str) -> StrategySpec[Any]:
        """The strategy `name` of `kind`, or an error listing what is available."""
        try:
            return self._specs[kind][name]
        except KeyError:
            available = ", ".join(f"{s.name} ({_provider(s)})" for s in self.specs(kind)) or "none"
            raise UnknownStrategyError(
                f"{kind} {name!r} is not available (the plugin that provides it may not be installed); "
                f"available: {available}"
            ) from None

    def specs(self, kind: StrategyKind) -> list[StrategySpec[Any]]:
        """Registered strategies of one kind, sorted by name."""
        return sorted(self._specs[kind].values(), key=lambda s: s.name)

    def __iter__(self) -> Iterator[StrategySpec[Any]]:
        for kind in StrategyKind:
            yield from self.specs(kind)


def _check_contract(kind: StrategyKind, name: str, provider: str, target: object, shown: str) -> None:
    missing = missing_member(kind.protocol, target)
    if missing is not None:
        raise StrategyContractError(
            f"plugin {provider!r} registers {kind} {name!r} ({shown}), which does not implement "
            f"sleepy.{kind.protocol.__name__}: it has no {missing}; disable it with SLEEPY_DISABLE_PLUGINS={provider}"
        )


def _provider(spec: StrategySpec[Any]) -> str:
    return f"plugin {spec.provider!r}" + (f" from {spec.distribution}" if spec.distribution else "")
