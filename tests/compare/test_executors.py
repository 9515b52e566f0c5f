"""Choosing where the jobs run, and the plugins a fresh worker process rebuilds; none of this needs Ray."""

from __future__ import annotations

import pickle
import sys

import pytest

from sleepy.compare.executors import ExecutorError, LocalExecutor, RayExecutor, choose_executor
from sleepy.compare.worker_plugins import WorkerPlugins
from sleepy.errors import PluginLoadError
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind
from tests.compare.test_compare import write_comparison
from tests.phases.adapter_backend import QualityPlugin

RAY_MISSING = "sleepy: error: --executor ray: Ray is not installed; install the extra: pip install 'sleepy-coder[ray]'"


def compare(sleepy_cli, tmp_path, *args):
    return sleepy_cli("compare", "-c", str(write_comparison(tmp_path)), "--out", str(tmp_path / "out"), *args)


def test_executor_options_are_checked_before_anything_runs(tmp_path, quality, sleepy_cli, monkeypatch):
    result = compare(sleepy_cli, tmp_path, "--executor", "dask")
    assert result.exit_code == 2 and "Invalid value for '--executor': 'dask' is not one of 'local', 'ray'" in (
        result.output)
    result = compare(sleepy_cli, tmp_path, "--address", "auto", "--ray-cpus", "2")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "sleepy: error: --address, --ray-cpus: only with --executor ray (the local executor runs the jobs on this "
        "machine; --jobs sets how many at once)"]
    result = compare(sleepy_cli, tmp_path, "--executor", "ray", "--jobs", "2")
    assert result.exit_code == 2 and result.output.splitlines() == [
        "sleepy: error: --jobs: only with --executor local; Ray runs as many jobs at once as the cluster has "
        "resources for (--ray-cpus and --ray-gpus: what each job asks for)"]
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails, as where the extra is not installed
    result = compare(sleepy_cli, tmp_path, "--executor", "ray", "--address", "auto")
    assert result.exit_code == 2 and result.output.splitlines() == [RAY_MISSING]
    assert not (tmp_path / "out").exists()


def test_choose_executor_defaults_and_options(monkeypatch):
    assert choose_executor("local") == LocalExecutor(1) and choose_executor("local", jobs=3) == LocalExecutor(3)
    assert choose_executor("local", jobs=3).describe() == "3 at a time"
    with pytest.raises(ExecutorError, match=r"^--executor: expected one of local, ray, got 'ray-cluster'$"):
        choose_executor("ray-cluster")
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ExecutorError) as error:
        choose_executor("ray")
    assert f"sleepy: error: {error.value}" == RAY_MISSING
    monkeypatch.setattr("sleepy.compare.executors.ray_installed", lambda: True)
    ray = choose_executor("ray", address="ray://head:10001", ray_cpus=2, ray_gpus=0.5)
    assert ray == RayExecutor("ray://head:10001", 2.0, 0.5)
    assert ray.describe() == "as Ray tasks on ray://head:10001, 2 CPU(s), 0.5 GPU(s) per run"
    assert choose_executor("ray") == RayExecutor(None, 1.0, 0.0)


def test_a_worker_rebuilds_the_drivers_plugins_without_its_manager():
    driver = get_plugin_manager(load_entrypoints=False, environ={"SLEEPY_DISABLE_PLUGINS": "builtin.rustfix_backend"})
    plugin = QualityPlugin()
    driver.register(plugin, name="quality")
    recipe = WorkerPlugins.of(driver)
    assert recipe.entry_points == () and recipe.blocked == ("builtin.rustfix_backend",)
    assert [name for name, _ in recipe.extras] == ["quality"]
    worker = pickle.loads(pickle.dumps(recipe)).build()  # as a Ray task gets it: by value, in another process
    assert worker is not driver and worker.is_blocked("builtin.rustfix_backend")
    assert sorted(name for name, p in worker.list_name_plugin() if p is not None) == sorted(
        name for name, p in driver.list_name_plugin() if p is not None)
    assert Registry.collect(worker).get(StrategyKind.BACKEND, "quality").name == "quality"


def test_a_worker_without_a_plugin_the_driver_has_says_which():
    recipe = WorkerPlugins(entry_points=("sleepy-missing",), blocked=(), extras=())
    with pytest.raises(PluginLoadError, match=r"^plugin\(s\) 'sleepy-missing' not installed on \S+: install the same "):
        recipe.build()
