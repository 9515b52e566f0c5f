"""Builds the plugin manager: built-in plugins first, then entry points. Nothing runs at import."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import frozen

from sleepy import hookspecs
from sleepy.errors import PluginLoadError, PluginValidationError
from sleepy.notices import warn

ENTRY_POINT_GROUP = "sleepy"
BUILTIN_PREFIX = "builtin."
BUILTIN_PLUGINS: tuple[str, ...] = (
    "sleepy.builtins.scripted_backend",
    "sleepy.builtins.console_reporter",
    "sleepy.builtins.koans_source",
    "sleepy.builtins.mixed_source",
    "sleepy.builtins.agent_tools",
    "sleepy.builtins.gates",
    "sleepy.builtins.rustfix_backend",
    "sleepy.builtins.routers",
)


@frozen
class PluginInfo:
    """A loaded plugin: its name, where it came from and which hooks it implements."""

    name: str
    module: str
    builtin: bool
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]


class SleepyPluginManager(pluggy.PluginManager):
    """A pluggy manager that also remembers each plugin's distribution, for error messages."""

    def __init__(self) -> None:
        super().__init__("sleepy")
        self.distributions: dict[str, str] = {}
        self._versions: dict[str, str | None] = {}

    def plugin_infos(self) -> list[PluginInfo]:
        """Every registered plugin, built-ins first."""
        infos = []
        for name, plugin in self.list_name_plugin():
            if plugin is None:  # blocked
                continue
            hooks = tuple(sorted(h.name for h in self.get_hookcallers(plugin) or ()))
            infos.append(
                PluginInfo(
                    name=name,
                    module=getattr(plugin, "__name__", type(plugin).__name__),
                    builtin=name.startswith(BUILTIN_PREFIX),
                    distribution=self.distributions.get(name),
                    version=self._versions.get(name),
                    hooks=hooks,
                )
            )
        return infos


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


def builtin_name(module: str) -> str:
    """The short name a built-in plugin module is registered under."""
    return BUILTIN_PREFIX + module.rsplit(".", 1)[-1]


def get_plugin_manager(
    *, load_entrypoints: bool = True, environ: Mapping[str, str] | None = None
) -> SleepyPluginManager:
    """A fresh manager with the hook specs, built-in plugins and (unless disabled) entry points.

    ``SLEEPY_DISABLE_PLUGINS=a,b`` blocks plugins by name; ``SLEEPY_LOAD_PLUGINS=a,b`` loads only
    those entry points (set but empty: none); ``SLEEPY_TRACE_PLUGINS=1`` prints every hook call.
    """
    env = os.environ if environ is None else environ
    pm = SleepyPluginManager()
    pm.add_hookspecs(hookspecs)
    for name in _names(env.get("SLEEPY_DISABLE_PLUGINS", "")):
        pm.set_blocked(name)
    for module_name in BUILTIN_PLUGINS:
        name = builtin_name(module_name)
        if not pm.is_blocked(name):
            _register(pm, importlib.import_module(module_name), name)
    if load_entrypoints:
        allowed = env.get("SLEEPY_LOAD_PLUGINS")
        allow = None if allowed is None else set(_names(allowed))
        found = list(entry_points(group=ENTRY_POINT_GROUP))
        _warn_unknown(env, allow, {ep.name for ep in found})
        for ep in found:
            if pm.is_blocked(ep.name) or (allow is not None and ep.name not in allow):
                continue
            _load_entry_point(pm, ep)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginValidationError(_validation_message(pm, exc)) from None
    if env.get("SLEEPY_TRACE_PLUGINS"):
        pm.trace.root.setwriter(lambda message: print(message, end="", file=sys.stderr))
        pm.enable_tracing()
    return pm


def _warn_unknown(env: Mapping[str, str], allow: set[str] | None, installed: set[str]) -> None:
    """A misspelt plugin name would otherwise silently load (or block) nothing."""
    listed = ", ".join(sorted(installed)) or "none"
    unknown = sorted((allow or set()) - installed)
    if unknown:
        warn(f"SLEEPY_LOAD_PLUGINS names {', '.join(map(repr, unknown))}, but no installed plugin has that name "
             f"(installed: {listed})")
    builtins = {builtin_name(m) for m in BUILTIN_PLUGINS}
    unknown = sorted(set(_names(env.get("SLEEPY_DISABLE_PLUGINS", ""))) - installed - builtins)
    if unknown:
        warn(f"SLEEPY_DISABLE_PLUGINS names {', '.join(map(repr, unknown))}, but no installed plugin has that name "
             f"(installed: {listed})")


def _load_entry_point(pm: SleepyPluginManager, ep: EntryPoint) -> None:
    dist = ep.dist.name if ep.dist is not None else None
    version = ep.dist.version if ep.dist is not None else None
    origin = f"{dist} {version}" if dist else "an unknown distribution"
    try:
        plugin = ep.load()
    except Exception as exc:
        raise PluginLoadError(
            f"plugin {ep.name!r} (entry point '{ep.name} = {ep.value}' from {origin}) failed to import: "
            f"{type(exc).__name__}: {exc}. To run without it, set SLEEPY_DISABLE_PLUGINS={ep.name} "
            f"or uninstall {dist or 'the distribution'}"
        ) from exc
    if dist:
        pm.distributions[ep.name] = dist
    pm._versions[ep.name] = version
    _register(pm, plugin, ep.name, origin=origin)


def _register(pm: SleepyPluginManager, plugin: Any, name: str, origin: str = "built in") -> None:
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginValidationError(
            f"plugin {name!r} ({origin}) is invalid: {exc}. To run without it, set SLEEPY_DISABLE_PLUGINS={name}"
        ) from None
    except ValueError as exc:  # pluggy: the same name or object registered twice
        raise PluginLoadError(f"plugin {name!r} ({origin}) could not be registered: {exc}") from None


def _validation_message(pm: SleepyPluginManager, exc: pluggy.PluginValidationError) -> str:
    name = pm.get_name(exc.plugin) or repr(exc.plugin)
    return (
        f"plugin {name!r} implements a hook that does not exist: {exc}. "
        f"Check the hook's spelling against docs/plugin-hooks.md, or set SLEEPY_DISABLE_PLUGINS={name}"
    )
