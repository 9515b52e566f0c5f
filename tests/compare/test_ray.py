"""A two-arm micro comparison through Ray: the `ray` tox env starts a local Ray instance (`ray start --head`)
and sets SLEEPY_TEST_RAY_ADDRESS=auto; without it, the executor starts a local instance of its own."""

from __future__ import annotations

import json
import os
import re

import pytest

from sleepy import hookimpl
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
