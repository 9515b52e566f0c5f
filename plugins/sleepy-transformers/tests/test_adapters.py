from __future__ import annotations

from pathlib import Path

import pytest
import torch
from peft import LoraConfig, get_peft_model
from sleepy_transformers import TransformersOptions
from sleepy_transformers.backend import TransformersBackend
from transformers import AutoModelForCausalLM

from sleepy.errors import BackendError
from sleepy.records import CompletionRequest, Message, SamplingParams

REQUEST = CompletionRequest((Message("user", "pub fn add(a: i32, b: i32) -> i32 { a - b }"),),
                            SamplingParams(max_new_tokens=16))


def save_lora(model_dir: Path, into: Path, seed: int) -> Path:
    """A LoRA adapter with random (not zero) B matrices, so it visibly changes the model."""
    torch.manual_seed(seed)
    base = AutoModelForCausalLM.from_pretrained(model_dir)
    config = LoraConfig(r=4, lora_alpha=16, target_modules=["q_proj", "v_proj", "down_proj"],
                        init_lora_weights=False, task_type="CAUSAL_LM")
    get_peft_model(base, config).save_pretrained(into)
    return into


@pytest.fixture(scope="module")
def adapters(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("adapters")
    return save_lora(tiny_model_dir, root / "a", seed=1), save_lora(tiny_model_dir, root / "b", seed=2)


@pytest.fixture
def backend(tiny_model_dir: Path) -> TransformersBackend:
    return TransformersBackend(TransformersOptions(model=f"local:{tiny_model_dir}", stop_at_fence=False))


def reply(backend: TransformersBackend) -> str:
    return backend.complete(REQUEST).text


def test_load_switch_and_unload(backend: TransformersBackend, adapters: tuple[Path, Path]) -> None:
    base = reply(backend)
    model = backend.load().model
    backend.load_adapter(adapters[0], "a")
    backend.load_adapter(adapters[1], "b")
    assert reply(backend) == base, "loading does not activate"
    assert backend.adapters == {"a": adapters[0].resolve(), "b": adapters[1].resolve()}

    backend.set_adapter("a")
    with_a = reply(backend)
    backend.set_adapter("b")
    with_b = reply(backend)
    assert len({base, with_a, with_b}) == 3
    assert backend.describe()["adapter_id"] == "b"

    backend.set_adapter("a")
    assert reply(backend) == with_a, "switching back gives the same replies"
    backend.set_adapter(None)
    assert reply(backend) == base
    assert backend.describe()["adapter_id"] is None

    backend.set_adapter("b")
    backend.unload_adapter("b")
    assert backend.active_adapter is None
    assert reply(backend) == base
    backend.set_adapter("a")
    assert reply(backend) == with_a
    backend.unload_adapter("a")
    assert backend.adapters == {}
    assert reply(backend) == base
    assert backend.load().model is model, "the base model is never reloaded"


def test_adapter_replies_are_batched_too(backend: TransformersBackend, adapters: tuple[Path, Path]) -> None:
    backend.load_adapter(adapters[0], "a")
    backend.set_adapter("a")
    many = backend.complete_many([REQUEST, REQUEST])
    assert [c.text for c in many] == [reply(backend)] * 2


def test_reload_after_unloading(backend: TransformersBackend, adapters: tuple[Path, Path]) -> None:
    backend.load_adapter(adapters[0], "a")
    backend.set_adapter("a")
    first = reply(backend)
    backend.unload_adapter("a")
    backend.load_adapter(adapters[0], "a")
    backend.set_adapter("a")
    assert reply(backend) == first


def test_errors(backend: TransformersBackend, adapters: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(BackendError, match=r"no adapter named 'a' is loaded \(loaded: none\)"):
        backend.set_adapter("a")
    with pytest.raises(BackendError, match="is not a PEFT adapter"):
        backend.load_adapter(tmp_path, "x")
    backend.load_adapter(adapters[0], "a")
    with pytest.raises(BackendError, match="an adapter named 'a' is already loaded"):
        backend.load_adapter(adapters[1], "a")
    with pytest.raises(BackendError, match=r"no adapter named 'b' is loaded \(loaded: a\)"):
        backend.unload_adapter("b")


def test_an_adapter_for_another_model_is_refused(backend: TransformersBackend, tmp_path: Path) -> None:
    (tmp_path / "adapter_config.json").write_text(
        '{"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 4, "lora_alpha": 8, '
        '"target_modules": ["no_such_module"]}')
    with pytest.raises(BackendError, match="does not fit this model"):
        backend.load_adapter(tmp_path, "odd")
    assert backend.adapters == {}
