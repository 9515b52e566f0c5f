from __future__ import annotations

import pytest

from sleepy.config import SleepyConfig, StrategyRef, derive_seed, explain_class, load_config, resolve
from sleepy.errors import ConfigError


def write(tmp_path, text, name="config.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(path):
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return str(err.value).splitlines()


def test_extra_key(tmp_path):
    path = write(tmp_path, "backend: scripted\nseeds: 3\n")
    assert problems(path) == [
        f"{path}: $.seeds: unknown field (expected one of: backend, seed, tasks, agent, sandbox, tools, "
        "consolidator, router, curation, gates, evaluation, reporters)"
    ]


def test_wrong_type(tmp_path):
    path = write(tmp_path, "backend: scripted\nagent:\n  max_steps: many\n")
    assert problems(path) == [f"{path}: $.agent.max_steps: expected int, got 'many'"]


def test_failed_validator_keeps_its_message(tmp_path):
    path = write(tmp_path, "backend: scripted\nagent:\n  reply_format: poem\n")
    assert problems(path) == [
        f"{path}: $.agent.reply_format: 'reply_format' must be in ('whole_file', 'search_replace') (got 'poem')"
    ]


def test_missing_field(tmp_path):
    path = write(tmp_path, "seed: 1\n")
    assert problems(path) == [f"{path}: $.backend: required field missing"]


def test_bad_yaml(tmp_path):
    path = write(tmp_path, "backend: scripted\nagent: {max_steps: 3\n")
    [line] = problems(path)
    assert line.startswith(f"{path}: invalid YAML: line 3, column 1:")


def test_bad_toml(tmp_path):
    path = write(tmp_path, "backend = \n", name="config.toml")
    [line] = problems(path)
    assert line.startswith(f"{path}: invalid TOML:")


def test_missing_file(tmp_path):
    assert problems(tmp_path / "absent.yaml") == [f"{tmp_path / 'absent.yaml'}: file not found"]


def test_several_problems_each_get_a_line(tmp_path):
    path = write(tmp_path, "backend: scripted\nagent: {max_steps: 0, bogus: 1}\ngates: [{nam: x}]\n")
    assert sorted(problems(path)) == sorted([
        f"{path}: $.agent.bogus: unknown field (expected one of: max_steps, reply_format, format_retries, "
        "tool_output_chars, task_timeout_seconds, max_new_tokens, temperature, concurrency, rustfix_first, memory)",
        f"{path}: $.gates[0].name: required field missing",
        f"{path}: $.gates[0].nam: unknown field (expected one of: name, options)",
    ])


def test_validator_on_nested_field_has_full_path(tmp_path):
    path = write(tmp_path, "backend: scripted\nagent: {max_steps: 0}\n")
    assert problems(path) == [f"{path}: $.agent.max_steps: 'max_steps' must be >= 1: 0"]


def test_toml_and_yaml_load_the_same(tmp_path):
    y = load_config(write(tmp_path, "backend: {name: scripted, options: {replies: [a]}}\nseed: 4\n"))
    t = load_config(write(tmp_path, "seed = 4\n[backend]\nname = 'scripted'\noptions = {replies = ['a']}\n",
                          name="c.toml"))
    assert y == t
    assert y.backend == StrategyRef("scripted", {"replies": ["a"]})


def test_strategy_options_errors_have_absolute_paths(tmp_path, sleepy_registry):
    path = write(tmp_path, "backend: {name: scripted, options: {replies: [1], modle: x}}\ntasks: scripted\n")
    with pytest.raises(ConfigError) as err:
        resolve(load_config(path), sleepy_registry(), str(path))
    lines = str(err.value).splitlines()
    assert f"{path}: $.backend.options.replies[0]: expected str, got 1" in lines
    assert f"{path}: $.backend.options.modle: unknown field (expected one of: replies, model)" in lines
    assert any(line.startswith(f"{path}: $.tasks.name: task_source 'scripted' is not available") for line in lines)


def test_resolved_snapshot_fills_option_defaults(tmp_path, sleepy_registry, register_plugin):
    from sleepy import hookimpl

    class Tasks:
        @hookimpl
        def sleepy_register_task_sources(self, register):
            register.add("none", lambda options: [])

    register_plugin(Tasks(), name="tasks")
    path = write(tmp_path, "backend: scripted\ntasks: none\n")
    resolved = resolve(load_config(path), sleepy_registry(), str(path))
    snap = resolved.snapshot()
    assert snap["backend"] == {"name": "scripted", "options": {"replies": [], "model": "scripted"}}
    assert snap["reporters"] == [{"name": "console", "options": {"episodes": False}}]
    assert len(resolved.config_hash()) == 16


def test_the_train_recall_limit_is_in_the_snapshot_but_not_the_hash(tmp_path, sleepy_registry):
    # It only chooses how many trained-on train tasks the gate re-checks; no cached evaluation depends on it.
    resolved = {limit: resolve(load_config(path), sleepy_registry(), str(path)) for limit in (0, 6, 9)
                for path in [write(tmp_path, f"backend: scripted\nevaluation:\n  train_recall_limit: {limit}\n",
                                   f"c{limit}.yaml")]}
    assert [r.snapshot()["evaluation"]["train_recall_limit"] for r in resolved.values()] == [0, 6, 9]
    assert len({r.config_hash() for r in resolved.values()}) == 1
    other = resolve(load_config(write(tmp_path, "backend: scripted\nevaluation:\n  seeds: 2\n", "s.yaml")),
                    sleepy_registry(), "s.yaml")
    assert other.config_hash() != resolved[6].config_hash()
    assert problems(write(tmp_path, "backend: scripted\nevaluation:\n  train_recall_limit: -1\n", "n.yaml"))[0] \
        .endswith("$.evaluation.train_recall_limit: 'train_recall_limit' must be >= 0: -1")


def test_a_neutral_option_at_its_default_keeps_the_hash_it_had_before_it_existed(tmp_path, sleepy_registry,
                                                                                    register_plugin):
    # A run started before such an option was added must still resume (and reuse its cached evaluations).
    from attrs import frozen

    from sleepy import hookimpl, option

    @frozen
    class Before:
        depth: int = option("How deep.", default=2)

    @frozen
    class WithNeutral:
        depth: int = option("How deep.", default=2)
        boost: float = option("A new lever, off at 1.", default=1.0, neutral=True)

    @frozen
    class WithPlain:
        depth: int = option("How deep.", default=2)
        strict: bool = option("A new option that is not marked neutral.", default=False)

    current = {"options": Before}  # the options class the plugin registers: what an upgrade changes

    class Tasks:
        @hookimpl
        def sleepy_register_task_sources(self, register):
            register.add("lever", lambda options: [], options=current["options"])

    register_plugin(Tasks(), name="tasks")

    def resolved(tasks="lever"):
        path = write(tmp_path, f"backend: scripted\ntasks: {tasks}\n", "h.yaml")
        return resolve(load_config(path), sleepy_registry(), str(path))

    before = resolved().config_hash()
    current["options"] = WithNeutral
    assert resolved().config_hash() == before
    assert resolved().snapshot()["tasks"]["options"] == {"depth": 2, "boost": 1.0}  # still shown, only not hashed
    assert resolved("{name: lever, options: {boost: 5.0}}").config_hash() != before
    current["options"] = WithPlain
    assert resolved().config_hash() != before


def test_derived_seeds_are_stable_and_distinct():
    assert derive_seed(0, "day") == derive_seed(0, "day")
    assert derive_seed(0, "day") != derive_seed(0, "sleep") != derive_seed(1, "sleep")


def test_every_field_has_help():
    lines = explain_class(SleepyConfig)
    assert all(not line.endswith(": ") for line in lines), [line for line in lines if line.endswith(": ")]
    assert any(line.startswith("agent.max_steps (int, default 3): ") for line in lines)


@pytest.mark.parametrize(("text", "line"), [
    ("backend: {name: scripted, options: {replies: 'no'}}\n", "$.backend.options.replies: expected a list, got 'no'"),
    ("backend: scripted\ntasks: {name: koans, options: {families: borrow}}\n",
     "$.tasks.options.families: expected a list, got 'borrow'"),
    ("backend: scripted\ntools: edit\n", "$.tools: expected a list, got 'edit'"),
])
def test_a_string_for_a_list_is_an_error_not_its_characters(tmp_path, sleepy_registry, text, line):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        resolve(load_config(path), sleepy_registry(), str(path))
    assert str(err.value) == f"{path}: {line}"


def test_a_bad_teacher_option_is_a_config_error_at_resolve(tmp_path, sleepy_registry):
    path = write(tmp_path, "backend: scripted\ncuration: {teacher: {name: scripted, options: {replies: 5}}}\n")
    with pytest.raises(ConfigError) as err:
        resolve(load_config(path), sleepy_registry(), str(path))
    assert str(err.value) == f"{path}: $.curation.teacher.options.replies: expected a list, got 5"
    good = write(tmp_path, "backend: scripted\ncuration: {teacher: {name: scripted, options: {model: big}}}\n")
    teacher = resolve(load_config(good), sleepy_registry(), str(good)).teacher
    assert teacher is not None and teacher.build().describe()["model"] == "big"
