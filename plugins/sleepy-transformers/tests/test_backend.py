from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from sleepy_transformers import ContextLengthError, TransformersOptions
from sleepy_transformers.backend import TransformersBackend

from sleepy.errors import BackendError
from sleepy.protocols import Backend
from sleepy.records import CompletionRequest, Message, SamplingParams

PROMPTS = [
    "Fix the bug",
    "fn main() { let mut v = Vec::new(); v.push(1); } error[E0499]: cannot borrow `v` as mutable",
    "pub fn add(a: i32, b: i32) -> i32 { a - b }",
]


def request(text: str, **params: Any) -> CompletionRequest:
    params.setdefault("max_new_tokens", 24)
    return CompletionRequest((Message("user", text),), SamplingParams(**params))


def make(model_dir: Path, **options: Any) -> TransformersBackend:
    return TransformersBackend(TransformersOptions(model=f"local:{model_dir}", stop_at_fence=False, **options))


@pytest.fixture(scope="module")
def backend(tiny_model_dir: Path) -> TransformersBackend:
    return make(tiny_model_dir)


def test_implements_the_backend_protocol(backend: TransformersBackend) -> None:
    assert isinstance(backend, Backend)


def test_describe_before_and_after_loading(tiny_model_dir: Path) -> None:
    fresh = make(tiny_model_dir)
    assert fresh.describe() == {"backend": "transformers", "model": f"local:{tiny_model_dir}", "adapter_id": None}
    fresh.load()
    assert fresh.describe() == {"backend": "transformers", "model": f"local:{tiny_model_dir}", "adapter_id": None,
                                "reference": f"local:{tiny_model_dir.resolve()}", "digest": None, "device": "cpu",
                                "dtype": "float32"}


def test_greedy_is_deterministic(tiny_model_dir: Path, backend: TransformersBackend) -> None:
    first = backend.complete(request(PROMPTS[1]))
    again = make(tiny_model_dir).complete(request(PROMPTS[1]))
    assert first.text == again.text
    assert (first.tokens_out, first.finish_reason) == (24, "length")
    assert first.tokens_in == again.tokens_in > 20
    assert first.seconds > 0


def test_batched_equals_one_by_one(backend: TransformersBackend) -> None:
    requests = [request(p) for p in PROMPTS]  # different lengths: rows are left-padded
    batched = backend.complete_many(requests)
    alone = [backend.complete(r) for r in requests]
    assert [c.text for c in batched] == [c.text for c in alone]
    assert [c.tokens_in for c in batched] == [c.tokens_in for c in alone]
    assert len({c.text for c in batched}) == 3


def test_prompt_lookup_does_not_change_greedy_output(tiny_model_dir: Path, backend: TransformersBackend) -> None:
    plain = make(tiny_model_dir, prompt_lookup=False)
    echo = "fn x() { } fn x() { } fn x() { } fn x() { }"  # repetitive: drafts are proposed and checked
    for text in [*PROMPTS, echo]:
        assert backend.complete(request(text, max_new_tokens=40)).text == plain.complete(
            request(text, max_new_tokens=40)).text


def test_batch_size_one_gives_the_same_replies(tiny_model_dir: Path, backend: TransformersBackend) -> None:
    requests = [request(p) for p in PROMPTS]
    assert [c.text for c in make(tiny_model_dir, batch_size=1).complete_many(requests)] == [
        c.text for c in backend.complete_many(requests)]


def test_sampling_depends_on_the_seed_only(backend: TransformersBackend) -> None:
    def sample(seed: int) -> str:
        return backend.complete(request(PROMPTS[0], temperature=1.0, seed=seed)).text

    assert sample(1) == sample(1)
    assert sample(1) != sample(2)
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    sample(3)
    assert torch.equal(torch.rand(1), before), "sampling must not disturb the global RNG"
    mixed = backend.complete_many([request(PROMPTS[1]), request(PROMPTS[0], temperature=1.0, seed=1)])
    assert mixed[1].text == sample(1)
    assert mixed[0].text == backend.complete(request(PROMPTS[1])).text


def test_max_new_tokens_from_the_request_and_the_cap(tiny_model_dir: Path, backend: TransformersBackend) -> None:
    assert backend.complete(request(PROMPTS[0], max_new_tokens=5)).tokens_out == 5
    capped = make(tiny_model_dir, max_new_tokens=3).complete(request(PROMPTS[0], max_new_tokens=50))
    assert (capped.tokens_out, capped.finish_reason) == (3, "length")
    mixed = backend.complete_many([request(PROMPTS[0], max_new_tokens=4), request(PROMPTS[1], max_new_tokens=9)])
    assert [c.tokens_out for c in mixed] == [4, 9]


def test_stop_strings(backend: TransformersBackend) -> None:
    full = backend.complete(request(PROMPTS[2], max_new_tokens=40)).text
    stop = full[len(full) // 2: len(full) // 2 + 3]
    cut = backend.complete(request(PROMPTS[2], max_new_tokens=40, stop=(stop,)))
    assert cut.text == full[: full.index(stop)]
    assert cut.finish_reason == "stop"


def test_refuses_a_prompt_longer_than_the_context(backend: TransformersBackend) -> None:
    long = "fn main() { } " * 80  # the tiny model's context is 256 tokens
    with pytest.raises(ContextLengthError, match=r"prompt has \d+ tokens but .* takes at most 256") as info:
        backend.complete_many([request(PROMPTS[0]), request(long)])
    assert info.value.prompt_tokens > 256
    assert isinstance(info.value, BackendError)


def test_reply_is_clamped_to_the_context_left(backend: TransformersBackend) -> None:
    almost = "fn x" * 70
    done = backend.complete(request(almost, max_new_tokens=200))
    assert done.tokens_in + done.tokens_out == 256


def test_context_tokens_option(tiny_model_dir: Path) -> None:
    with pytest.raises(ContextLengthError, match="takes at most 16"):
        make(tiny_model_dir, context_tokens=16).complete(request(PROMPTS[1]))


def test_bfloat16(tiny_model_dir: Path) -> None:
    backend = make(tiny_model_dir, dtype="bfloat16")
    assert backend.complete(request(PROMPTS[0], max_new_tokens=4)).tokens_out == 4
    assert backend.describe()["dtype"] == "bfloat16"
    assert backend.load().model.dtype == torch.bfloat16


def test_threads_option(tiny_model_dir: Path) -> None:
    make(tiny_model_dir, threads=1).load()
    assert torch.get_num_threads() == 1


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_4bit_needs_cuda(tiny_model_dir: Path) -> None:
    with pytest.raises(BackendError, match=r"load_in_4bit needs a CUDA GPU .* set load_in_4bit: false"):
        make(tiny_model_dir, load_in_4bit=True).load()


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_cuda_device_without_cuda(tiny_model_dir: Path) -> None:
    with pytest.raises(BackendError, match=r"device cuda requested but torch .* sees no CUDA GPU"):
        make(tiny_model_dir, device="cuda").load()


def test_unloadable_model_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(BackendError, match=f"model files in {tmp_path} could not be loaded"):
        make(tmp_path).load()


def test_empty_batch(backend: TransformersBackend) -> None:
    assert backend.complete_many([]) == []
