"""Opt-in pytest plugin for plugin authors: ``pytest_plugins = ["sleepy.testing"]``.

Fixtures: a fresh plugin manager per test, temporary plugin registration, an in-memory episode
store, a scripted backend whose replies a test enqueues, and a CLI runner bound to the manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.plugins import SleepyPluginManager, get_plugin_manager
from sleepy.registry import Registry
from sleepy.store import EpisodeStore


@pytest.fixture
def sleepy_pm() -> SleepyPluginManager:
    """A fresh plugin manager with the built-in plugins and no entry points."""
    return get_plugin_manager(load_entrypoints=False, environ={})


@pytest.fixture
def register_plugin(sleepy_pm: SleepyPluginManager) -> Iterator[Callable[..., Any]]:
    """Register a plugin object for this test only: ``register_plugin(obj, name="x")``."""
    added: list[Any] = []

    def register(plugin: Any, name: str | None = None) -> Any:
        sleepy_pm.register(plugin, name=name)
        sleepy_pm.check_pending()
        added.append(plugin)
        return plugin

    try:
        yield register
    finally:
        for plugin in added:
            if sleepy_pm.is_registered(plugin):
                sleepy_pm.unregister(plugin)


@pytest.fixture
def sleepy_registry(sleepy_pm: SleepyPluginManager) -> Callable[[], Registry]:
    """Collect the registry from the test's plugin manager (call it after registering plugins)."""
    return lambda: Registry.collect(sleepy_pm)


@pytest.fixture
def episode_store() -> Iterator[EpisodeStore]:
    """A migrated, in-memory episode store."""
    store = EpisodeStore.open(None)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def scripted_backend() -> ScriptedBackend:
    """A backend that answers with replies the test enqueues: ``scripted_backend.enqueue("...")``."""
    return ScriptedBackend()


@pytest.fixture
def sleepy_cli(sleepy_pm: SleepyPluginManager) -> Callable[..., Result]:
    """Run the `sleepy` CLI in-process against the test's plugin manager: ``sleepy_cli("plugins", "--all")``."""
    from sleepy.cli import make_cli

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(make_cli(sleepy_pm), list(args), catch_exceptions=False)

    return invoke
