"""benchmarks/generation_speed.py: setup selection, the llama-cpp setup without llama_cpp, and its stop rule."""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from transformers import AutoTokenizer

from sleepy.records import Completion, CompletionRequest, Message, SamplingParams

BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "generation_speed.py"


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location("generation_speed", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def request(text: str = "fix it", budget: int = 40) -> CompletionRequest:
    return CompletionRequest((Message("user", text),), SamplingParams(max_new_tokens=budget))


def fixed_reply(requests: list[CompletionRequest]) -> list[Completion]:
    return [Completion(text="```rust\nfn a() {}\n```", tokens_in=5, tokens_out=12, seconds=0.01,
                       finish_reason="stop") for _ in requests]


def no_gguf() -> Path:
    raise AssertionError("the GGUF is fetched only once llama_cpp imports")


def test_without_llama_cpp_the_setup_is_skipped_with_a_note_and_the_others_are_tabled(
        bench: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # `import llama_cpp` now raises ImportError
    factories = {"plain": lambda: fixed_reply,
                 "llama-cpp": lambda: bench.llama_cpp(no_gguf, None, [], threads=1, context=64),
                 "backend": lambda: fixed_reply}
    lines: list[str] = []
    bench.benchmark(["plain", "llama-cpp", "backend"], factories, [request(), request()], 2, lines.append)

    notes = [line for line in lines if line.startswith("skipped")]
    assert len(notes) == 1
    assert notes[0].startswith("skipped llama-cpp: llama-cpp-python is not installed")
    assert "scripts/build_llamacpp_wheel.sh" in notes[0]
    header = next(i for i, line in enumerate(lines) if line.startswith("setup "))
    rows = [line.split()[0] for line in lines[header + 1:]]
    assert rows == ["plain", "backend"]
    assert all(line.endswith("2/2") for line in lines[header + 1:])
    assert sum("round" in line for line in lines) == 4  # two setups, two rounds: llama-cpp never ran


def test_an_unknown_setup_name_is_refused_with_the_known_ones(bench: Any) -> None:
    with pytest.raises(bench.Unavailable, match=r"no setup named lama-cpp; known: plain, llama-cpp"):
        bench.select_setups(["plain", "lama-cpp"], {"plain": lambda: fixed_reply, "llama-cpp": lambda: fixed_reply})


def test_the_gguf_comes_from_the_plugins_model_reference(bench: Any, tmp_path: Path) -> None:
    assert bench.model_gguf(f"gguf:{tmp_path}/m.gguf", tmp_path) == tmp_path / "m.gguf"
    with pytest.raises(bench.Unavailable, match="is a hub model, not a GGUF file"):
        bench.model_gguf("HuggingFaceTB/SmolLM2-135M-Instruct", tmp_path)


class FakeLlama:
    """Stands in for llama_cpp.Llama: replays a fixed token stream and counts what was drawn from it."""

    tokenizer: ClassVar[Any] = None
    stream: ClassVar[list[int]] = []
    drawn: ClassVar[int] = 0
    seen: ClassVar[dict[str, Any]] = {}

    def __init__(self, **kwargs: Any) -> None:
        FakeLlama.seen = kwargs

    def token_eos(self) -> int:
        return 2

    def detokenize(self, tokens: list[int]) -> bytes:
        return FakeLlama.tokenizer.decode(tokens).encode()

    def generate(self, prompt: list[int], **kwargs: Any) -> Iterator[int]:
        FakeLlama.seen.update(kwargs, prompt=prompt)
        for token in FakeLlama.stream:
            FakeLlama.drawn += 1
            yield token


@pytest.fixture
def fake_llama_cpp(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> type[FakeLlama]:
    FakeLlama.tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    package = types.ModuleType("llama_cpp")
    package.Llama = FakeLlama  # type: ignore[attr-defined]
    speculative = types.ModuleType("llama_cpp.llama_speculative")
    speculative.LlamaPromptLookupDecoding = lambda num_pred_tokens: ("lookup", num_pred_tokens)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_cpp", package)
    monkeypatch.setitem(sys.modules, "llama_cpp.llama_speculative", speculative)
    FakeLlama.drawn = 0
    return FakeLlama


def test_llama_cpp_decodes_greedily_from_the_backends_prompt_ids_and_stops_at_the_closing_fence(
        bench: Any, fake_llama_cpp: type[FakeLlama], tmp_path: Path) -> None:
    tokenizer = fake_llama_cpp.tokenizer
    reply = "```rust\nfn x() {}\n```"
    fake_llama_cpp.stream = tokenizer.encode(reply + "\nfn main() { let mut v = Vec::new(); }")
    setup = bench.llama_cpp(lambda: tmp_path / "m.gguf", tokenizer, [2], threads=3, context=128, lookup_tokens=10)
    [done] = setup([request()])

    assert done.text == reply
    assert done.tokens_out == len(tokenizer.encode(reply))
    assert fake_llama_cpp.drawn == done.tokens_out  # stopped at the fence, not at the budget
    assert fake_llama_cpp.seen["prompt"] == bench.encode_chat(tokenizer, request().messages)
    assert fake_llama_cpp.seen["temp"] == 0.0
    assert fake_llama_cpp.seen["model_path"] == str(tmp_path / "m.gguf")
    assert (fake_llama_cpp.seen["n_threads"], fake_llama_cpp.seen["n_ctx"]) == (3, 128)
    assert fake_llama_cpp.seen["draft_model"] == ("lookup", 10)


def test_llama_cpp_stops_at_the_token_budget_and_at_end_of_turn(
        bench: Any, fake_llama_cpp: type[FakeLlama], tmp_path: Path) -> None:
    tokenizer = fake_llama_cpp.tokenizer
    setup = bench.llama_cpp(lambda: tmp_path / "m.gguf", tokenizer, [2], threads=1, context=128)
    fake_llama_cpp.stream = tokenizer.encode("pub fn add(a: i32, b: i32) -> i32 { a + b }")
    [long] = setup([request(budget=5)])
    assert (long.tokens_out, long.finish_reason, fake_llama_cpp.drawn) == (5, "length", 5)
    assert fake_llama_cpp.seen["draft_model"] is None

    fake_llama_cpp.drawn = 0
    fake_llama_cpp.stream = [*tokenizer.encode("fn x() {}"), 2, *tokenizer.encode("fn main()")]
    [short] = setup([request()])
    assert (short.text, short.finish_reason) == ("fn x() {}", "stop")
    assert fake_llama_cpp.drawn == short.tokens_out == len(tokenizer.encode("fn x() {}")) + 1
