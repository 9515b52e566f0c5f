"""`route_by: family` on the tiny Llama: one coefficient skill per task family, a PEFT adapter per family under
``<adapter>/routes/family/<family>`` listed in ``routes.json``, and the families kept in the state."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
import torch
from sleepy_subspace.adapters import read_adapter
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from sleepy_subspace.families import directory_name, split_by_family
from sleepy_subspace.options import RandomBasisOptions, ShareOptions, UwshOptions
from sleepy_subspace.plugin import STRATEGIES, SubspaceConsolidator
from sleepy_subspace.state import load_state
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.training.toy import toy_examples, write_jsonl
from test_consolidators import TRAINER, Toy

from sleepy.adapters.validation import validate_adapter
from sleepy.config import make_converter, structure, without_neutral_defaults
from sleepy.consolidation import TrainingRequest, TrainingResult
from sleepy.errors import ConfigError
from sleepy.routing.routes import ROUTES_FILE, read_routes

# k = 24 covers every skill's span here (5 skills of rank 4 + the new one's 2 temporary directions; the smallest
# layer has 32 output features), so a merge keeps the earlier skills to float32 rounding, as in test_consolidators
SHARE = ShareOptions(**TRAINER, k=24, temporary=2, fine_tune_after_merge=True,  # type: ignore[arg-type]
                     route_by="family")
# day 1: borrow and traits; day 2: borrow and lifetimes (traits only in the first sleep, lifetimes only in the second)
FAMILIES = [("borrow", "traits"), ("borrow", "lifetimes")]


class FamilyDays:
    """The toy's two days of examples, each split between two task families."""

    def __init__(self, toy: Toy) -> None:
        self.toy = toy
        self.days = []
        for index, (examples, families) in enumerate(zip([toy_examples(8, seed=0), toy_examples(8, seed=1)],
                                                         FAMILIES, strict=True)):
            labelled = [{**e, "family": families[i % 2]} for i, e in enumerate(examples)]
            path = toy.root / f"family-day-{index + 1}.jsonl"
            self.days.append((path, write_jsonl(path, labelled)))

    def request(self, day: int, earlier: tuple[Path, ...] = ()) -> TrainingRequest:
        self.toy.runs += 1
        work = self.toy.root / f"run-{self.toy.runs}"
        path, digest = self.days[day - 1]
        return TrainingRequest(path, digest, work / "adapter", work / "checkpoints", seed=100 + day,
                               earlier_adapters=earlier)


@pytest.fixture(scope="module")
def days(toy: Toy) -> FamilyDays:
    return FamilyDays(toy)


@pytest.fixture(scope="module")
def share_sleeps(days: FamilyDays, backend: TransformersBackend) -> tuple[TrainingResult, TrainingResult, Path]:
    consolidator = SubspaceConsolidator("share", SHARE)
    first = consolidator.consolidate(days.request(1), backend)
    promoted = days.toy.promote(first.adapter_dir)
    second = consolidator.consolidate(days.request(2, (promoted,)), backend)
    return first, second, promoted


def route_deltas(adapter: Path) -> dict[str, dict[str, torch.Tensor]]:
    """Every family route's update per layer (read through routes.json, which checks each is a PEFT adapter)."""
    return {route.key: {name: lora.delta() for name, lora in read_adapter(route.path).items()}
            for route in read_routes(adapter).routes if route.kind == "family"}


def deltas(adapter: Path) -> dict[str, torch.Tensor]:
    return {name: lora.delta() for name, lora in read_adapter(adapter).items()}


def differ(one: dict[str, torch.Tensor], other: dict[str, torch.Tensor]) -> bool:
    return any(relative_error(one[name], other[name]) > 1e-3 for name in one)


def test_a_share_sleep_writes_one_route_per_family(share_sleeps: Any, days: FamilyDays) -> None:
    first, _second, _promoted = share_sleeps
    adapter = first.adapter_dir
    listed = json.loads((adapter / ROUTES_FILE).read_text())
    assert listed == {"format": 1, "family": {"borrow": "routes/family/borrow", "traits": "routes/family/traits"}}
    for family in ("borrow", "traits"):
        route = adapter / "routes" / "family" / family
        assert validate_adapter(route, base_model=first.base_model, module_shapes=first.module_shapes) is not None
        meta = json.loads((route / "sleepy_adapter.json").read_text())
        assert meta["trainer"] == "share" and meta["route"] == {"kind": "family", "key": family}
    routes, published = route_deltas(adapter), deltas(adapter)
    assert differ(routes["borrow"], routes["traits"])
    assert differ(routes["borrow"], published) and differ(routes["traits"], published)
    # the first sleep: the plain LoRA on all data (every family), then one coefficient skill per family
    state = load_state(adapter)
    assert [s.families for s in state.skills] == [(), ("borrow",), ("traits",)]
    meta = json.loads((adapter / "sleepy_adapter.json").read_text())["subspace"]
    assert meta["routes"] == {"family": ["borrow", "traits"]}
    assert [run["stage"] for run in meta["training_runs"]] == [
        "lora", "coefficients-borrow", "fine-tune-borrow", "coefficients-traits", "fine-tune-traits"]
    assert meta["skills"] == 3 and meta["max_merge_error"] < 1e-5
    # a route is its family's skills plus the skills of every family, summed
    for family, positions in (("borrow", (0, 1)), ("traits", (0, 2))):
        factors = [state.skills[i].factors(state.basis) for i in positions]
        for name, delta in routes[family].items():
            assert relative_error(delta, sum(f[name].delta() for f in factors)) < 1e-5, (family, name)
    # each family trained on its own file (its hash the skill's dataset hash) with its own checkpoints
    checkpoints = first.adapter_dir.parent / "checkpoints"
    record = json.loads((adapter / "subspace" / "state.json").read_text())
    for position, family in ((1, "borrow"), (2, "traits")):
        data = checkpoints / "families" / f"{family}.jsonl"
        lines = [json.loads(line) for line in data.read_text().splitlines()]
        assert len(lines) == 4 and {e["family"] for e in lines} == {family}
        assert record["skills"][position]["dataset_hash"] == hashlib.sha256(data.read_bytes()).hexdigest()
        assert record["skills"][position]["families"] == [family]
        assert any((checkpoints / f"coefficients-{family}").iterdir())
    assert "families" not in record["skills"][0]


def test_a_second_share_sleep_keeps_the_first_sleeps_family_skills(share_sleeps: Any) -> None:
    first, second, promoted = share_sleeps
    one, two = load_state(promoted), load_state(second.adapter_dir)
    assert [s.families for s in two.skills] == [(), ("borrow",), ("traits",), ("borrow",), ("lifetimes",)]
    for position in range(3):
        before, after = one.skills[position].factors(one.basis), two.skills[position].factors(two.basis)
        for name, lora in before.items():
            assert relative_error(after[name].delta(), lora.delta()) < 1e-5, (position, name)
    assert json.loads((second.adapter_dir / "sleepy_adapter.json").read_text())["subspace"]["max_merge_error"] < 1e-5
    routes = route_deltas(second.adapter_dir)
    assert sorted(routes) == ["borrow", "lifetimes", "traits"]
    # traits was seen only in the first sleep: its route is what it was (the skills are reconstructed)
    earlier = route_deltas(first.adapter_dir)["traits"]
    assert all(relative_error(routes["traits"][name], earlier[name]) < 1e-5 for name in earlier)
    # borrow's route now holds both sleeps' borrow skills, and the published adapter every skill (rank 5r)
    assert json.loads((second.adapter_dir / "routes/family/borrow/adapter_config.json").read_text())["r"] == 3 * 4
    assert json.loads((second.adapter_dir / "adapter_config.json").read_text())["r"] == 5 * 4


class Killed(Exception):
    pass


def test_a_family_sleep_killed_half_way_resumes_each_family_from_its_checkpoints(
        share_sleeps: Any, days: FamilyDays, backend: TransformersBackend) -> None:
    """Killed at the first step of the second family: the rerun skips the plain LoRA and the first family (their
    checkpoints match: same family file, same hash) and publishes what the uninterrupted sleep published."""
    uninterrupted = share_sleeps[0]
    runs = json.loads((uninterrupted.adapter_dir / "sleepy_adapter.json").read_text())["subspace"]["training_runs"]
    steps = {run["stage"]: run["steps"] for run in runs}
    before_traits = steps["lora"] + steps["coefficients-borrow"] + steps["fine-tune-borrow"]
    events: list[int] = []

    def kill_at_traits(progress: Any) -> None:
        events.append(progress.done)
        if len(events) > before_traits:
            raise Killed

    request = attrs.evolve(days.request(1), progress=kill_at_traits)
    with pytest.raises(Killed):
        SubspaceConsolidator("share", SHARE).consolidate(request, backend)
    assert not (request.output_dir / ROUTES_FILE).exists()
    events.clear()
    result = SubspaceConsolidator("share", SHARE).consolidate(attrs.evolve(request, progress=events.append), backend)
    assert len(events) == steps["coefficients-traits"] + steps["fine-tune-traits"]  # only traits trained again
    for name in ("adapter_model.safetensors", "routes/family/borrow/adapter_model.safetensors",
                 "routes/family/traits/adapter_model.safetensors", "subspace/skills.safetensors"):
        assert (result.adapter_dir / name).read_bytes() == (uninterrupted.adapter_dir / name).read_bytes(), name


def test_route_by_none_writes_no_routes_and_no_families(days: FamilyDays, backend: TransformersBackend) -> None:
    result = SubspaceConsolidator("share", attrs.evolve(SHARE, route_by="none")).consolidate(days.request(1),
                                                                                            backend)
    assert not (result.adapter_dir / ROUTES_FILE).exists() and not (result.adapter_dir / "routes").exists()
    record = json.loads((result.adapter_dir / "subspace" / "state.json").read_text())
    assert all("families" not in skill for skill in record["skills"])
    assert [s.families for s in load_state(result.adapter_dir).skills] == [()]
    assert "routes" not in json.loads((result.adapter_dir / "sleepy_adapter.json").read_text())["subspace"]


def test_random_basis_routes_per_family_from_its_first_sleep(days: FamilyDays, backend: TransformersBackend) -> None:
    options = RandomBasisOptions(**TRAINER, k=8, route_by="family")  # type: ignore[arg-type]
    result = SubspaceConsolidator("random_basis", options).consolidate(days.request(1), backend)
    state = load_state(result.adapter_dir)
    assert [(s.kind, s.families) for s in state.skills] == [
        ("lora", ()), ("coefficients", ("borrow",)), ("coefficients", ("traits",))]
    routes = route_deltas(result.adapter_dir)
    assert sorted(routes) == ["borrow", "traits"] and differ(routes["borrow"], routes["traits"])
    assert differ(routes["borrow"], deltas(result.adapter_dir))


def test_uwsh_routes_per_family_once_it_has_a_basis(days: FamilyDays, backend: TransformersBackend) -> None:
    plain = SubspaceConsolidator("share", attrs.evolve(SHARE, route_by="none")).consolidate(days.request(1), backend)
    options = UwshOptions(**TRAINER, k=6, sources=[str(plain.adapter_dir)], route_by="family")  # type: ignore[arg-type]
    consolidator = SubspaceConsolidator("uwsh", options)
    first = consolidator.consolidate(days.request(1), backend)  # one source and no own LoRA yet: a plain LoRA
    assert not (first.adapter_dir / ROUTES_FILE).exists()
    second = consolidator.consolidate(days.request(2, (days.toy.promote(first.adapter_dir),)), backend)
    state = load_state(second.adapter_dir)
    assert state.basis is not None
    assert [(s.kind, s.families) for s in state.skills] == [
        ("lora", ()), ("coefficients", ("borrow",)), ("coefficients", ("lifetimes",))]
    routes = route_deltas(second.adapter_dir)
    assert sorted(routes) == ["borrow", "lifetimes"] and differ(routes["borrow"], routes["lifetimes"])


def test_publish_latest_with_route_by_family_publishes_the_sleeps_family_skills(
        share_sleeps: Any, days: FamilyDays, backend: TransformersBackend) -> None:
    _first, _second, promoted = share_sleeps
    latest = SubspaceConsolidator("share", attrs.evolve(SHARE, publish="latest")).consolidate(
        days.request(2, (promoted,)), backend)
    state = load_state(latest.adapter_dir)
    new = [skill.factors(state.basis) for skill in state.skills[-2:]]
    for name, delta in deltas(latest.adapter_dir).items():
        assert relative_error(delta, new[0][name].delta() + new[1][name].delta()) < 1e-5, name


@pytest.mark.parametrize("strategy", ["share", "uwsh", "random_basis"])
def test_route_by_is_neutral_at_none_and_checked(strategy: str) -> None:
    options_type = STRATEGIES[strategy][0]
    default, family = options_type(), options_type(route_by="family")  # type: ignore[call-arg]
    assert "route_by" not in without_neutral_defaults(default, attrs.asdict(default))  # the config hash is unchanged
    assert without_neutral_defaults(family, attrs.asdict(family))["route_by"] == "family"
    with pytest.raises(ConfigError) as error:
        structure(make_converter(), {"route_by": "repository"}, options_type, "c.yaml", "$.consolidator.options")
    assert str(error.value) == ("c.yaml: $.consolidator.options.route_by: 'route_by' must be in ('none', 'family') "
                                "(got 'repository')")


def test_a_dataset_line_without_a_family_is_refused_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"family": "borrow"}) + "\n" + json.dumps({"task_id": "t"}) + "\n")
    with pytest.raises(SubspaceError) as error:
        split_by_family(data, tmp_path / "out")
    assert str(error.value) == (f"{data}: line 2: field 'family' is None; expected the task family (route_by: "
                                "family trains one skill per family)")


def test_a_family_name_that_is_no_plain_name_gets_a_safe_distinct_directory(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"family": f, "n": i}) + "\n"
                            for i, f in enumerate(["../up", "a b", "a_b", "a b"])))
    split = split_by_family(data, tmp_path / "out")
    assert [(f.family, f.examples) for f in split] == [("../up", 1), ("a b", 2), ("a_b", 1)]
    names = [directory_name(f.family) for f in split]
    assert len(set(names)) == 3 and names[2] == "a_b" and all("/" not in n and "." not in n for n in names)
    assert all(f.path.parent == tmp_path / "out" for f in split)
    assert [json.loads(line)["n"] for line in split[1].path.read_text().splitlines()] == [1, 3]
