"""The `mixed` task source: two koan collections in one run, resolved from config like any task source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sleepy.builtins.mixed_source import MixedTasksError
from sleepy.config import load_config, resolve
from sleepy.errors import ConfigError
from sleepy.koans import freeze, load_koans
from tests.koans.conftest import write_koan

LEFT_SPLITS = ("train", "train", "train", "heldout")
RIGHT_SPLITS = ("train", "heldout")


def collection(root: Path, prefix: str, splits: tuple[str, ...]) -> Path:
    """A frozen koan collection: one family, koan `{prefix}_{i}` in `splits[i]`."""
    for i, split in enumerate(splits):
        write_koan(root, prefix, f"{prefix}_{i}", extra=f'split = "{split}"\n')
    freeze(root, load_koans(root))
    return root


@pytest.fixture
def left(tmp_path: Path) -> Path:
    return collection(tmp_path / "left", "left", LEFT_SPLITS)


@pytest.fixture
def right(tmp_path: Path) -> Path:
    return collection(tmp_path / "right", "right", RIGHT_SPLITS)


def resolved(tmp_path: Path, registry, tasks: dict, name: str = "config.yaml", backend: object = "scripted"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"backend": backend, "tasks": tasks}))
    return resolve(load_config(path), registry(), str(path))


def mixed(*sources: object, **options: object) -> dict:
    return {"name": "mixed", "options": {"sources": list(sources), **options}}


def koans(path: Path, **options: object) -> dict:
    return {"name": "koans", "options": {"path": str(path), **options}}


def ids(source, **kwargs) -> list[str]:
    return [t.id for t in source.iter_tasks(**kwargs)]


def test_interleaves_one_task_of_each_source_in_turn_and_limits_after_mixing(tmp_path, sleepy_registry, left,
                                                                             right):
    source = resolved(tmp_path, sleepy_registry, mixed(koans(left), koans(right))).tasks.build()
    assert ids(source) == ["left_0", "right_0", "left_1", "right_1", "left_2", "left_3"]
    assert ids(source, limit=2) == ["left_0", "right_0"]  # any prefix holds both sources
    assert ids(source, split="train") == ["left_0", "right_0", "left_1", "left_2"]
    assert ids(source, split="heldout", limit=1) == ["left_3"]
    assert ids(source, split="frozen") == []


def test_concat_serves_every_task_of_the_first_source_first(tmp_path, sleepy_registry, left, right):
    source = resolved(tmp_path, sleepy_registry, mixed(koans(left), koans(right), order="concat")).tasks.build()
    assert ids(source, split="train") == ["left_0", "left_1", "left_2", "right_0"]
    assert ids(source, limit=5) == ["left_0", "left_1", "left_2", "left_3", "right_0"]


def test_a_validation_request_goes_to_every_source(tmp_path, sleepy_registry, left, right):
    # Only the left collection sets train koans aside; the right one has no validation split and gives none.
    source = resolved(tmp_path, sleepy_registry, mixed(koans(left, validation=1), koans(right))).tasks.build()
    validation = list(source.iter_tasks(split="validation"))
    assert [t.id for t in validation] == ["left_2"] and {t.split for t in validation} == {"validation"}
    assert ids(source, split="train") == ["left_0", "right_0", "left_1"]


def test_a_task_id_served_by_two_sources_is_one_error_naming_both(tmp_path, sleepy_registry, left):
    source = resolved(tmp_path, sleepy_registry, mixed(koans(left), {"name": "koans"}, koans(left))).tasks.build()
    with pytest.raises(MixedTasksError) as err:
        list(source.iter_tasks(split="heldout", limit=1))
    assert str(err.value) == ("tasks.options.sources: task id 'left_3' is served by both sources[0] (koans) and "
                              "sources[2] (koans); task ids must be unique across mixed sources")


def test_a_bad_nested_source_is_reported_with_its_path_among_the_other_problems(tmp_path, sleepy_registry, left):
    missing = tmp_path / "missing"
    with pytest.raises(ConfigError) as err:
        resolved(tmp_path, sleepy_registry,
                 mixed(koans(left), koans(missing), {"name": "crate"}, koans(left, validation="two")),
                 backend={"name": "scripted", "options": {"modle": "x"}})
    path = tmp_path / "config.yaml"
    lines = str(err.value).splitlines()
    assert lines[0] == f"{path}: $.backend.options.modle: unknown field (expected one of: replies, model)"
    assert lines[1] == (f"{path}: $.tasks.options.sources[1].options.path: 'path' must be an existing directory "
                        f"of koans (got {str(missing)!r})")
    assert lines[2].startswith(f"{path}: $.tasks.options.sources[2].name: task_source 'crate' is not available")
    assert lines[3] == f"{path}: $.tasks.options.sources[3].options.validation: expected int, got 'two'"
    assert len(lines) == 4


@pytest.mark.parametrize(("options", "line"), [
    ({"sources": ["koans", {"name": "mixed", "options": {"sources": ["koans"]}}]},
     "$.tasks.options.sources: 'sources' must not hold another mixed task source (sources[1] is 'mixed'); "
     "list its sources here instead"),
    ({"sources": []}, "$.tasks.options.sources: 'sources' must name at least one task source (got [])"),
    ({"sources": ["koans"], "order": "shuffle"},
     "$.tasks.options.order: 'order' must be in ('interleave', 'concat') (got 'shuffle')"),
    ({"sources": "koans"}, "$.tasks.options.sources: expected a list, got 'koans'"),
])
def test_refused_options(tmp_path, sleepy_registry, options, line):
    with pytest.raises(ConfigError) as err:
        resolved(tmp_path, sleepy_registry, {"name": "mixed", "options": options})
    assert str(err.value) == f"{tmp_path / 'config.yaml'}: {line}"


def test_the_snapshot_fills_nested_defaults_and_the_hash_follows_the_sources(tmp_path, sleepy_registry, left,
                                                                            right):
    def hashed(tasks: dict) -> str:
        return resolved(tmp_path, sleepy_registry, tasks).config_hash()

    both = resolved(tmp_path, sleepy_registry, mixed(koans(left), {"name": "koans", "options": {"path": str(right)}}))
    assert both.snapshot()["tasks"] == {"name": "mixed", "options": {"order": "interleave", "sources": [
        {"name": "koans", "options": {"path": str(left), "families": [], "strict_manifest": True, "validation": 0}},
        {"name": "koans", "options": {"path": str(right), "families": [], "strict_manifest": True, "validation": 0}},
    ]}}
    assert hashed(mixed(koans(left), koans(right, strict_manifest=True))) == both.config_hash()  # a default, spelt
    others = [hashed(t) for t in (mixed(koans(left)), mixed(koans(right), koans(left)),
                                  mixed(koans(left), koans(right, validation=1)),
                                  mixed(koans(left), koans(right), order="concat"), koans(left))]
    assert len({both.config_hash(), *others}) == 6


def test_nested_neutral_options_at_their_defaults_stay_out_of_the_hash(tmp_path, sleepy_registry, register_plugin):
    # As at the top level: a run mixing a source that later gains a neutral option still resumes.
    from attrs import frozen

    from sleepy import hookimpl, option

    @frozen
    class Before:
        depth: int = option("How deep.", default=2)

    @frozen
    class WithNeutral:
        depth: int = option("How deep.", default=2)
        boost: float = option("A new lever, off at 1.", default=1.0, neutral=True)

    current = {"options": Before}

    class Tasks:
        @hookimpl
        def sleepy_register_task_sources(self, register):
            register.add("lever", lambda options: [], options=current["options"])

    register_plugin(Tasks(), name="tasks")
    before = resolved(tmp_path, sleepy_registry, mixed("lever", "koans")).config_hash()
    current["options"] = WithNeutral
    now = resolved(tmp_path, sleepy_registry, mixed("lever", "koans"))
    assert now.config_hash() == before
    assert now.snapshot()["tasks"]["options"]["sources"][0] == {"name": "lever", "options": {"depth": 2, "boost": 1.0}}
    boosted = mixed({"name": "lever", "options": {"boost": 3.0}}, "koans")
    assert resolved(tmp_path, sleepy_registry, boosted).config_hash() != before
