from __future__ import annotations

import json
import subprocess
import sys

from sleepy import GateInput, GateResult
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind


def test_plugin_is_installed():
    infos = {i.name: i for i in get_plugin_manager(environ={}).plugin_infos()}
    assert infos["example"].distribution == "sleepy-example"
    assert infos["example"].version == "0.1.0"
    assert infos["example"].hooks == ("sleepy_register_gates",)


def test_registers_always_pass_with_provenance():
    spec = Registry.collect(get_plugin_manager(environ={})).get(StrategyKind.GATE, "always-pass")
    assert (spec.provider, spec.distribution) == ("example", "sleepy-example")
    result = spec.build(spec.options(reason="r")).evaluate(GateInput("candidate", None, {}))
    assert result == GateResult("always-pass", True, ("r",))


def test_shows_in_sleepy_plugins():
    out = subprocess.run([sys.executable, "-m", "sleepy", "plugins", "--json"], capture_output=True, text=True,
                         check=True).stdout
    [row] = [r for r in json.loads(out) if r["name"] == "example"]
    assert row["strategies"] == [{"kind": "gate", "name": "always-pass", "description": "Passes everything."}]


def test_can_be_disabled():
    infos = get_plugin_manager(environ={"SLEEPY_DISABLE_PLUGINS": "example"}).plugin_infos()
    assert "example" not in {i.name for i in infos}
