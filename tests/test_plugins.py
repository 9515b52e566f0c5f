from __future__ import annotations

import sys

import pytest

from sleepy.config import StrategyRef, resolve_strategy
from sleepy.errors import (
    DuplicateStrategyError,
    PluginLoadError,
    PluginValidationError,
    StrategyContractError,
    UnknownStrategyError,
)
from sleepy.gating import GateResult
from sleepy.hookspecs import hookimpl
from sleepy.plugins import get_plugin_manager
from sleepy.registry import NoOptions, Registry, StrategyKind
from tests.fakedist import make_distribution

GOOD = """
from sleepy import hookimpl

@hookimpl
def sleepy_register_backends(register):
    register.add("echo-good", lambda options: None, description="good")
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("fake_")]:
        del sys.modules[name]


def test_builtins_registered_first_and_named(sleepy_pm):
    names = [info.name for info in sleepy_pm.plugin_infos()]
    assert names[:2] == ["builtin.scripted_backend", "builtin.console_reporter"]


def test_check_pending_catches_misspelt_hook(site):
    make_distribution(site, "fake-typo", "1.0", {"typo": "fake_typo"}, {"fake_typo": """
        from sleepy import hookimpl

        @hookimpl
        def sleepy_register_backend(register):  # missing the trailing s
            pass
    """})
    with pytest.raises(PluginValidationError) as err:
        get_plugin_manager(environ={})
    message = str(err.value)
    assert "'typo'" in message and "sleepy_register_backend" in message
    assert "SLEEPY_DISABLE_PLUGINS=typo" in message


def test_broken_plugin_error_names_entry_point_distribution_and_fix(site):
    make_distribution(site, "fake-broken", "0.3.1", {"broken": "fake_broken"},
                      {"fake_broken": "import no_such_module_anywhere\n"})
    with pytest.raises(PluginLoadError) as err:
        get_plugin_manager(environ={})
    message = str(err.value)
    assert "plugin 'broken'" in message
    assert "broken = fake_broken" in message
    assert "fake-broken 0.3.1" in message
    assert "ModuleNotFoundError: No module named 'no_such_module_anywhere'" in message
    assert "SLEEPY_DISABLE_PLUGINS=broken" in message


def test_disable_plugins_gets_past_a_broken_plugin(site):
    make_distribution(site, "fake-broken", "0.3.1", {"broken": "fake_broken"},
                      {"fake_broken": "raise RuntimeError('boom')\n"})
    make_distribution(site, "fake-good", "1.0", {"good": "fake_good"}, {"fake_good": GOOD})
    pm = get_plugin_manager(environ={"SLEEPY_DISABLE_PLUGINS": "broken"})
    names = {info.name for info in pm.plugin_infos()}
    assert "good" in names and "broken" not in names
    assert Registry.collect(pm).get(StrategyKind.BACKEND, "echo-good").distribution == "fake-good"


def test_load_plugins_allow_list(site):
    make_distribution(site, "fake-good", "1.0", {"good": "fake_good"}, {"fake_good": GOOD})
    assert "good" in {i.name for i in get_plugin_manager(environ={"SLEEPY_LOAD_PLUGINS": "good"}).plugin_infos()}
    assert "good" not in {i.name for i in get_plugin_manager(environ={"SLEEPY_LOAD_PLUGINS": ""}).plugin_infos()}
    assert "good" not in {i.name for i in get_plugin_manager(environ={"SLEEPY_LOAD_PLUGINS": "x"}).plugin_infos()}


def test_name_collision_names_both_providers(sleepy_pm, register_plugin, sleepy_registry):
    class Impostor:
        @hookimpl
        def sleepy_register_backends(self, register):
            register.add("scripted", lambda options: None)

    register_plugin(Impostor(), name="impostor")
    with pytest.raises(DuplicateStrategyError) as err:
        sleepy_registry()
    assert "'builtin.scripted_backend'" in str(err.value) and "'impostor'" in str(err.value)


def test_unknown_strategy_lists_available_and_hints_at_missing_plugin(sleepy_registry):
    with pytest.raises(UnknownStrategyError) as err:
        sleepy_registry().get(StrategyKind.BACKEND, "ollama")
    message = str(err.value)
    assert "backend 'ollama' is not available" in message
    assert "may not be installed" in message
    assert "scripted (plugin 'builtin.scripted_backend')" in message


class PassingGate:
    def evaluate(self, gate_input):
        return GateResult("always", True, ("fine",))


def test_registrar_records_provider_and_options(register_plugin, sleepy_registry):
    gate = PassingGate()

    class Provider:
        @hookimpl
        def sleepy_register_gates(self, register):
            register.add("always", lambda options: gate, description="d")

    register_plugin(Provider(), name="prov")
    spec = sleepy_registry().get(StrategyKind.GATE, "always")
    assert (spec.provider, spec.options, spec.description, spec.build(NoOptions())) == ("prov", NoOptions, "d", gate)


class StaleGate:
    """Written against the old `Gate(*args)` protocol: it judges with another method name."""

    def __init__(self, options):
        pass

    def decide(self, gate_input):
        return GateResult("stale", True, ())


def test_a_strategy_class_without_its_protocols_method_is_refused_at_registration(register_plugin, sleepy_registry):
    class Provider:
        @hookimpl
        def sleepy_register_gates(self, register):
            register.add("stale", StaleGate)

    register_plugin(Provider(), name="prov")
    with pytest.raises(StrategyContractError) as err:
        sleepy_registry()
    assert str(err.value) == (
        "plugin 'prov' registers gate 'stale' (StaleGate), which does not implement sleepy.Gate: it has no method "
        "evaluate(gate_input); disable it with SLEEPY_DISABLE_PLUGINS=prov")


def test_a_factory_annotated_with_its_class_is_checked_at_registration(register_plugin, sleepy_registry):
    def build(options) -> StaleGate:
        return StaleGate(options)

    class Provider:
        @hookimpl
        def sleepy_register_gates(self, register):
            register.add("stale", build)

    register_plugin(Provider(), name="prov")
    with pytest.raises(StrategyContractError, match=r"gate 'stale' \(StaleGate\).* no method evaluate\(gate_input\)"):
        sleepy_registry()


def test_what_an_opaque_factory_builds_is_checked_when_built(register_plugin, sleepy_registry):
    class NoRun:
        name = "noop"
        description = "does nothing"

    class Provider:
        @hookimpl
        def sleepy_register_tools(self, register):
            register.add("noop", lambda options: NoRun())
            register.add("nameless", lambda options: type("Nameless", (), {"run": lambda self, w, a: None})())

    register_plugin(Provider(), name="prov")
    registry = sleepy_registry()  # a lambda says nothing about what it builds
    with pytest.raises(StrategyContractError) as err:
        registry.get(StrategyKind.TOOL, "noop").build(NoOptions())
    assert "tool 'noop' (NoRun), which does not implement sleepy.Tool: it has no method run(workspace, arguments)" \
        in str(err.value)
    assert len(str(err.value).splitlines()) == 1
    with pytest.raises(StrategyContractError, match=r"sleepy.Tool: it has no attribute name;"):
        registry.get(StrategyKind.TOOL, "nameless").build(NoOptions())


def test_a_reporter_must_observe_something(register_plugin, sleepy_registry):
    class Deaf:
        def __init__(self, options):
            pass

    class Provider:
        @hookimpl
        def sleepy_register_reporters(self, register):
            register.add("deaf", Deaf)

    register_plugin(Provider(), name="prov")
    with pytest.raises(StrategyContractError, match=r"reporter 'deaf' \(Deaf\).* no observer hook method"):
        sleepy_registry()


# The options a builtin cannot do without; every other builtin builds from its defaults alone.
REQUIRED_OPTIONS = {"mixed": {"sources": ["koans"]}}


def test_every_builtin_strategy_builds_and_implements_its_protocol(sleepy_registry):
    registry = sleepy_registry()
    for spec in registry:
        ref = StrategyRef(spec.name, REQUIRED_OPTIONS.get(spec.name, {}))
        built = resolve_strategy(registry, spec.kind, ref, "$", "test").build()
        assert isinstance(built, spec.kind.protocol), (spec.kind, spec.name)


def test_a_hook_impl_may_take_a_subset_of_arguments(register_plugin, sleepy_pm):
    seen = []

    class Observer:
        @hookimpl
        def sleepy_run_finished(self, status):
            seen.append(status)

    register_plugin(Observer(), name="obs")
    sleepy_pm.hook.sleepy_run_finished(run=None, status="ok")
    assert seen == ["ok"]


def test_disabling_a_builtin(monkeypatch):
    pm = get_plugin_manager(load_entrypoints=False, environ={"SLEEPY_DISABLE_PLUGINS": "builtin.console_reporter"})
    names = [i.name for i in pm.plugin_infos()]
    assert "builtin.console_reporter" not in names and "builtin.scripted_backend" in names


def test_trace_plugins_prints_hook_calls(capsys):
    pm = get_plugin_manager(load_entrypoints=False, environ={"SLEEPY_TRACE_PLUGINS": "1"})
    Registry.collect(pm)
    assert "sleepy_register_backends" in capsys.readouterr().err


def test_an_unknown_plugin_name_in_the_environment_is_a_warning(site, capsys):
    make_distribution(site, "fake-good", "1.0", {"good": "fake_good"}, {"fake_good": GOOD})
    pm = get_plugin_manager(environ={"SLEEPY_LOAD_PLUGINS": "nope,good", "SLEEPY_DISABLE_PLUGINS": "gone"})
    assert "good" in {i.name for i in pm.plugin_infos()}
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("sleepy: warning: SLEEPY_LOAD_PLUGINS names 'nope', but no installed plugin has that "
                             "name (installed: ") and "good" in err[0]
    assert err[1].startswith("sleepy: warning: SLEEPY_DISABLE_PLUGINS names 'gone'")
    get_plugin_manager(environ={"SLEEPY_LOAD_PLUGINS": "good", "SLEEPY_DISABLE_PLUGINS": "builtin.gates"})
    assert capsys.readouterr().err == ""
