from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sleepy_serving import plugin
from sleepy_serving.ollama import OllamaBackend
from sleepy_serving.vllm import VLLMBackend

from sleepy.cli import make_cli
from sleepy.config import load_config, resolve
from sleepy.errors import ConfigError
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind

BACKENDS = ["llamacpp", "ollama", "openai", "tgi", "vllm"]


def test_plugin_is_installed():
    infos = {i.name: i for i in get_plugin_manager(environ={}).plugin_infos()}
    assert infos["serving"].distribution == "sleepy-serving"
    assert set(infos["serving"].hooks) == {"sleepy_register_backends", "sleepy_register_commands"}


def test_registers_every_backend(register_plugin, sleepy_registry):
    register_plugin(plugin, name="serving")
    specs = [s for s in sleepy_registry().specs(StrategyKind.BACKEND) if s.provider == "serving"]
    assert [s.name for s in specs] == BACKENDS


def test_config_selects_a_backend_and_reports_bad_options(tmp_path, register_plugin, sleepy_pm):
    register_plugin(plugin, name="serving")
    registry = Registry.collect(sleepy_pm)
    path = tmp_path / "c.yaml"
    path.write_text("backend: {name: vllm, options: {model: tiny, max_lora_rank: 32, read_timeout: 30}}\n")
    backend = resolve(load_config(path), registry, str(path)).backend.build()
    assert isinstance(backend, VLLMBackend) and backend.options.max_lora_rank == 32
    assert backend.transport.settings.read_timeout == 30
    path.write_text("backend: {name: ollama, options: {model: m, num_ctx: many, colour: red}}\n")
    with pytest.raises(ConfigError) as info:
        resolve(load_config(path), registry, str(path))
    assert f"{path}: $.backend.options.num_ctx: expected int, got 'many'" in str(info.value)
    assert "$.backend.options.colour: unknown field" in str(info.value)
    path.write_text("backend: {name: openai, options: {base_url: 'http://h:1'}}\n")
    with pytest.raises(ConfigError, match=r"\$.backend.options.model: required field missing"):
        resolve(load_config(path), registry, str(path))


def test_building_does_no_io(refused_url):
    backend = OllamaBackend(plugin.OllamaOptions(base_url=refused_url, model="m"))
    assert backend.describe() == {"backend": "ollama", "model": "m", "adapter_id": None}


def test_export_adapter_joins_the_export_group_of_its_own_cli_only(register_plugin, sleepy_pm):
    before = make_cli(sleepy_pm)  # built while the plugin is not registered
    register_plugin(plugin, name="serving")
    after = make_cli(sleepy_pm)
    assert "adapter" in after.commands["export"].commands  # type: ignore[attr-defined]
    alias = after.commands["adapters"].commands["export"]  # type: ignore[attr-defined]
    assert alias.hidden  # old scripts keep working; --help shows one place
    assert "adapter" not in before.commands["export"].commands  # type: ignore[attr-defined]
    assert "export" not in before.commands["adapters"].commands  # type: ignore[attr-defined]
    assert "export" not in make_cli(get_plugin_manager(load_entrypoints=False, environ={})).commands[
        "adapters"].commands  # type: ignore[attr-defined]


def test_export_adapter_alias_runs_the_same_command(register_plugin, sleepy_pm):
    register_plugin(plugin, name="serving")
    cli = make_cli(sleepy_pm)
    exported = cli.commands["export"].commands["adapter"]  # type: ignore[attr-defined]
    alias = cli.commands["adapters"].commands["export"]  # type: ignore[attr-defined]
    assert alias.callback.__code__ is exported.callback.__code__
    assert [p.name for p in alias.params] == [p.name for p in exported.params]


def test_shows_in_sleepy_plugins():
    out = subprocess.run([sys.executable, "-m", "sleepy", "plugins", "--json"], capture_output=True, text=True,
                         check=True).stdout
    [row] = [r for r in json.loads(out) if r["name"] == "serving"]
    assert [s["name"] for s in row["strategies"]] == BACKENDS
