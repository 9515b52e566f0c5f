"""How a job in a fresh process (a Ray worker) gets the plugins the driver has, without its plugin manager.

A plugin manager holds imported modules and hook callers; it is rebuilt in the worker instead: the
built-ins and the same entry points by name (installed where the worker runs), the same blocked names,
and only the plugins registered at run time (a test's backend, an embedding program's) sent by value.
"""

from __future__ import annotations

import socket
from importlib.metadata import entry_points
from typing import Any

from attrs import frozen

from sleepy.errors import PluginLoadError
from sleepy.plugins import BUILTIN_PREFIX, ENTRY_POINT_GROUP, SleepyPluginManager, get_plugin_manager


@frozen
class WorkerPlugins:
    """The driver's plugins as a recipe: entry-point names to load, names blocked, run-time plugins by value."""

    entry_points: tuple[str, ...]
    blocked: tuple[str, ...]
    extras: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, pm: SleepyPluginManager) -> WorkerPlugins:
        installed = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
        named, blocked, extras = [], [], []
        for name, plugin in pm.list_name_plugin():
            if plugin is None:
                blocked.append(name)
            elif name in installed:
                named.append(name)
            elif not name.startswith(BUILTIN_PREFIX):
                extras.append((name, plugin))
        return cls(tuple(named), tuple(blocked), tuple(extras))

    def build(self) -> SleepyPluginManager:
        """The plugin manager in the worker; a plugin the driver has and this machine lacks is a one-line error."""
        environ = {"SLEEPY_LOAD_PLUGINS": ",".join(self.entry_points), "SLEEPY_DISABLE_PLUGINS": ",".join(self.blocked)}
        pm = get_plugin_manager(environ=environ)
        missing = [name for name in self.entry_points if not pm.has_plugin(name)]
        if missing:
            raise PluginLoadError(f"plugin(s) {', '.join(map(repr, missing))} not installed on {socket.gethostname()}: "
                                  "install the same plugins on every Ray node as where `sleepy compare` runs")
        for name, plugin in self.extras:
            pm.register(plugin, name=name)
        pm.check_pending()
        return pm
