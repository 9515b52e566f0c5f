"""A whole cycle with `router: family`: the gate measures the candidate with each task routed to its family's
adapter, and every episode records the route that wrote its replies."""

from __future__ import annotations

import json

import pytest

from sleepy import hookimpl
from sleepy.consolidation import TrainingResult
from sleepy.routing.routes import write_routes
from tests.adapters.fake_adapter import MODULES, make_adapter
from tests.phases.adapter_backend import QualityBackend, write_config


class RoutingTrainer:
    """A merged adapter that changes nothing, and a route for family alpha that fixes every koan."""

    def __init__(self, options):
        pass

    def consolidate(self, request, backend):
        def adapter(path, quality):
            make_adapter(path, base_model="tiny-base")
            meta = path / "sleepy_adapter.json"
            meta.write_text(json.dumps({**json.loads(meta.read_text()), "quality": quality}))

        adapter(request.output_dir, "neutral")
        adapter(request.output_dir / "routes" / "family" / "alpha", "good")
        write_routes(request.output_dir, {"family": {"alpha": "routes/family/alpha"}})
        return TrainingResult(request.output_dir, "tiny-base", {}, MODULES)


class Plugin:
    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("quality", QualityBackend)

    @hookimpl
    def sleepy_register_consolidators(self, register):
        register.add("routing-trainer", RoutingTrainer)


@pytest.fixture
def plugin(register_plugin):
    register_plugin(Plugin(), name="routing-test")


def run_cycle(tmp_path, sleepy_cli, **extra):
    cfg = write_config(tmp_path, consolidator={"name": "routing-trainer"}, **extra)
    run = tmp_path / "run"
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 0, result.output
    episodes = [json.loads(line) for line in sleepy_cli("export", "episodes", "--run-dir", str(run)).output.split("\n")
                if line]
    return result.output, [e for e in episodes if e["phase"] == "eval" and e["adapter_id"]]


def test_with_the_family_router_each_task_is_answered_by_its_family_route(tmp_path, plugin, sleepy_cli):
    output, candidate = run_cycle(tmp_path, sleepy_cli, router={"name": "family"})
    assert candidate, output
    for episode in candidate:  # alpha koans went to the route that fixes them, beta koans to the merged adapter
        alpha = episode["family"] == "alpha"
        assert episode["route"] == (f"{episode['adapter_id']}--family-alpha" if alpha else None)
        assert episode["passed"] == alpha, episode
    assert {e["family"] for e in candidate} == {"alpha", "beta"}


@pytest.mark.parametrize("router", [None, {"name": "none"}])
def test_without_a_router_or_with_none_every_task_gets_the_merged_adapter(tmp_path, plugin, sleepy_cli, router):
    extra = {"router": router} if router else {}
    output, candidate = run_cycle(tmp_path, sleepy_cli, **extra)
    assert candidate and all(e["route"] is None and not e["passed"] for e in candidate), output


def test_an_unknown_router_is_one_line_naming_it(tmp_path, plugin, sleepy_cli):
    cfg = write_config(tmp_path, consolidator={"name": "routing-trainer"}, router={"name": "by-crate"})
    result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(tmp_path / "run"))
    assert result.exit_code != 0 and "$.router" in result.output and "by-crate" in result.output
