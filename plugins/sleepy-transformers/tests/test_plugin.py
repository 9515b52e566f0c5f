from __future__ import annotations

import json
import subprocess
import sys

from sleepy_transformers.sources.reference import SOURCE_NAMES
from sleepy_transformers.sources.resolve import build_source

from sleepy import AdapterBackend, HeldAdapters
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind


def test_plugin_is_installed() -> None:
    infos = {i.name: i for i in get_plugin_manager(environ={}).plugin_infos()}
    assert infos["transformers"].distribution == "sleepy-transformers"
    assert infos["transformers"].module == "sleepy_transformers.plugin"
    assert infos["transformers"].hooks == (
        "sleepy_register_backends", "sleepy_register_consolidators")


def test_registers_the_backend_and_the_trainer() -> None:
    registry = Registry.collect(get_plugin_manager(environ={}))
    backend = registry.get(StrategyKind.BACKEND, "transformers")
    assert (backend.provider, backend.distribution) == ("transformers", "sleepy-transformers")
    assert registry.get(StrategyKind.CONSOLIDATOR, "lora").provider == "transformers"


def test_building_strategies_loads_nothing(tmp_path: object) -> None:
    registry = Registry.collect(get_plugin_manager(environ={}))
    spec = registry.get(StrategyKind.BACKEND, "transformers")
    backend = spec.build(spec.options())
    assert backend.describe() == {"backend": "transformers", "model": "smollm2-135m-instruct", "adapter_id": None}
    assert isinstance(backend, AdapterBackend) and isinstance(backend, HeldAdapters)
    for name in SOURCE_NAMES:
        assert callable(build_source(name).resolve)


def test_importing_the_plugin_does_not_import_torch() -> None:
    code = "import sys, sleepy_transformers.plugin; print(sorted({'torch', 'transformers'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_shows_in_sleepy_plugins() -> None:
    out = subprocess.run([sys.executable, "-m", "sleepy", "plugins", "--json"], capture_output=True, text=True,
                         check=True).stdout
    [row] = [r for r in json.loads(out) if r["name"] == "transformers"]
    assert {(s["kind"], s["name"]) for s in row["strategies"]} == {
        ("backend", "transformers"), ("consolidator", "lora")}


def test_options_are_explained() -> None:
    out = subprocess.run([sys.executable, "-m", "sleepy", "config", "explain", "--strategy", "backend/transformers"],
                         capture_output=True, text=True, check=True).stdout
    for field in ("model", "dtype", "device", "load_in_4bit", "threads", "max_new_tokens", "batch_size",
                  "prompt_lookup", "prompt_lookup_tokens", "context_tokens", "stop_at_fence", "cache_dir", "offline"):
        assert f"{field} (" in out


def test_can_be_disabled() -> None:
    infos = get_plugin_manager(environ={"SLEEPY_DISABLE_PLUGINS": "transformers"}).plugin_infos()
    assert "transformers" not in {i.name for i in infos}
