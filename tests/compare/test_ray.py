"""A two-arm micro comparison through Ray: the `ray` tox env starts a local Ray instance (`ray start --head`)
and sets SLEEPY_TEST_RAY_ADDRESS=auto; without it, the executor starts a local instance of its own."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from attrs import frozen

from sleepy import hookimpl, option
from sleepy.compare import load_comparison, run_comparison
from sleepy.compare.executors import RayExecutor
from sleepy.registry import Registry
from tests.compare.test_compare import ARMS, stable, write_comparison
from tests.phases.adapter_backend import QualityBackend

pytest.importorskip("ray", reason="needs Ray: the `ray` extra, run by `tox -e ray`")
pytestmark = [pytest.mark.ray, pytest.mark.slow]


def ray_args():
    address = os.environ.get("SLEEPY_TEST_RAY_ADDRESS")
    return ["--executor", "ray", *(["--address", address] if address else [])]


def test_a_two_arm_comparison_runs_as_ray_tasks_with_the_local_pools_results(tmp_path, quality, sleepy_cli):
    path = write_comparison(tmp_path)  # base and lora, seed 0, one cycle on 2 train tasks
    address = os.environ.get("SLEEPY_TEST_RAY_ADDRESS")
    result = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "ray"), *ray_args())
    assert result.exit_code == 0, result.output
    assert f"as Ray tasks on {address or 'RAY_ADDRESS or a new local instance'}, 1 CPU(s) per run" in result.output
    # each arm ran as a task in a Ray worker process of its own (max_calls=1), not in this process
    ran = dict(re.findall(r"arm (\w+) seed 0: ran cycle\(s\) 0 on \S+:(\d+) \(log: ", result.output))
    assert sorted(ran) == ["base", "lora"], result.output
    pids = {int(pid) for pid in ran.values()}
    assert len(pids) == 2 and os.getpid() not in pids
    out = tmp_path / "ray"
    data = json.loads((out / "compare.json").read_text())
    assert [arm["name"] for arm in data["arms"]] == ["base", "lora"]
    [base], [lora] = (arm["cycles"] for arm in data["arms"])
    assert (base["heldout"]["k"], base["heldout"]["n"], lora["heldout"]["k"], lora["heldout"]["n"]) == (0, 2, 2, 2)
    markdown = (out / "compare.md").read_text()
    assert "- `base` (baseline): complete (1 seed(s) x 1 cycle(s))" in markdown
    assert "- `lora`: complete (1 seed(s) x 1 cycle(s))" in markdown
    assert "| lora | 0 | 100% (2/2, 34%-100%) |" in markdown
    # the same comparison in the local pool gives the same figures
    local = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "local"), "--jobs", "2")
    assert local.exit_code == 0, local.output
    assert stable(data) == stable(json.loads((tmp_path / "local" / "compare.json").read_text()))


class DyingBackend(QualityBackend):
    def __init__(self, options):  # the worker process dies, as one killed for memory would
        os._exit(3)


class DyingPlugin:
    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("dying", DyingBackend)


def test_a_ray_task_that_dies_is_a_failed_run_and_the_others_go_on(tmp_path, quality, register_plugin, sleepy_cli):
    register_plugin(DyingPlugin(), name="dying")
    path = write_comparison(tmp_path, arms=[ARMS[0], {"name": "dies", "config": {"backend": "dying"}}])
    result = sleepy_cli("compare", "-c", str(path), "--out", str(tmp_path / "out"), *ray_args())
    assert result.exit_code == 1, result.output
    assert re.search(r"arm base seed 0: ran cycle\(s\) 0 on \S+:\d+ \(log: ", result.output), result.output
    failed = re.search(r"arm dies seed 0: ran no cycle; failed: (\w+): .* \(log: ", result.output)
    assert failed is not None and failed.group(1) == "WorkerCrashedError", result.output
    assert f"sleepy: error: dies: seed 0: {failed.group(1)}" in result.output
    markdown = (tmp_path / "out" / "compare.md").read_text()
    assert "- `base` (baseline): complete (1 seed(s) x 1 cycle(s))" in markdown
    assert "- `dies`: failed: seed 0: WorkerCrashedError" in markdown


@frozen
class HangOptions:
    pid_file: str = option("Where the worker writes its pid.")


class HangingBackend(QualityBackend):
    def __init__(self, options):  # a run still going when the comparison is stopped
        Path(options.pid_file).write_text(str(os.getpid()))
        time.sleep(300)


class HangingPlugin:
    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("hangs", HangingBackend, options=HangOptions)


def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_stopping_a_comparison_cancels_the_ray_tasks_still_running(tmp_path, quality, register_plugin, sleepy_pm):
    import ray

    register_plugin(HangingPlugin(), name="hangs")
    pid_file = tmp_path / "hangs.pid"
    path = write_comparison(tmp_path, arms=[ARMS[0], {"name": "hangs", "config": {
        "backend": {"name": "hangs", "options": {"pid_file": str(pid_file)}}}}])
    comparison = load_comparison(path, Registry.collect(sleepy_pm))

    def stop(outcome):  # Ctrl-C as the first run (base) comes back
        raise KeyboardInterrupt

    ray.init(address=os.environ.get("SLEEPY_TEST_RAY_ADDRESS"))  # stays up: only the cancel can stop the task
    try:
        with pytest.raises(KeyboardInterrupt):
            run_comparison(sleepy_pm, comparison, tmp_path / "out", executor=RayExecutor(), on_done=stop)
        pid = int(pid_file.read_text())
        deadline = time.monotonic() + 30
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(pid), "the hanging run's Ray worker is still running"
    finally:
        ray.shutdown()
