from __future__ import annotations

from pathlib import Path

import pytest
import torch
from sleepy_transformers.generation import encode_chat, generate, left_pad, reply_end
from transformers import AutoModelForCausalLM, AutoTokenizer, LogitsProcessor, LogitsProcessorList

from sleepy.errors import BackendError
from sleepy.records import Message, SamplingParams

FIXED = "Here is the fix:\n```rust\nfn add(a: i32) -> i32 {\n    a + 1\n}\n```\nIt adds one. ```rust\nfn x() {}\n```"


@pytest.mark.parametrize(("text", "stop", "fence", "end"), [
    ("no fence yet", (), True, None),
    ("```rust\nfn x() {}\n", (), True, None),  # still inside the block
    ("```rust\nfn x() {}\n```", (), True, len("```rust\nfn x() {}\n```")),
    ("```rust\nfn x() {}\n```\nmore", (), True, len("```rust\nfn x() {}\n```")),
    ("```Rust\nfn x() {}\n```  \n", (), True, len("```Rust\nfn x() {}\n```")),
    ("```rs\nfn x() {}\n```", (), True, len("```rs\nfn x() {}\n```")),
    ("```text\nerror\n```\n", (), True, None),  # only a rust block ends a reply
    ("```text\nerror\n```\n```rust\nfn x() {}\n```", (), True, len("```text\nerror\n```\n```rust\nfn x() {}\n```")),
    ("```rust\nfn x() {}\n```", (), False, None),
    ("abc STOP def", ("STOP",), True, 4),
    ("```rust\nfn x() {}\n```\nSTOP", ("STOP",), True, len("```rust\nfn x() {}\n```")),
    ("a</s>b<end>", ("<end>", "</s>"), False, 1),
])
def test_reply_end(text: str, stop: tuple[str, ...], fence: bool, end: int | None) -> None:
    assert reply_end(text, stop, fence) == end


def test_left_pad() -> None:
    ids, mask = left_pad([[5, 6, 7], [8]], pad_id=0, device=torch.device("cpu"))
    assert ids.tolist() == [[5, 6, 7], [0, 0, 8]]
    assert mask.tolist() == [[1, 1, 1], [0, 0, 1]]


@pytest.fixture(scope="module")
def tiny(tiny_model_dir: Path) -> tuple[object, object]:
    return (AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval(), AutoTokenizer.from_pretrained(tiny_model_dir))


def test_encode_chat_uses_the_chat_template(tiny: tuple[object, object]) -> None:
    _, tokenizer = tiny
    ids = encode_chat(tokenizer, [Message("system", "Be brief."), Message("user", "Fix it.")])
    text = tokenizer.decode(ids)  # type: ignore[attr-defined]
    assert text == ("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nFix it.<|im_end|>\n"
                    "<|im_start|>assistant\n")


def test_encode_chat_needs_a_template(tiny_model_dir: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    tokenizer.chat_template = None
    with pytest.raises(BackendError, match="no chat template"):
        encode_chat(tokenizer, [Message("user", "hi")])


class ForceText(LogitsProcessor):
    """Makes any model write `ids`, one token per step (then repeat the last one)."""

    def __init__(self, ids: list[int], start: int) -> None:
        self.ids = ids
        self.start = start

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        step = input_ids.shape[1] - self.start
        forced = torch.full_like(scores, float("-inf"))
        forced[:, self.ids[min(step, len(self.ids) - 1)]] = 0.0
        return forced  # type: ignore[return-value]


def scripted(tiny: tuple[object, object], text: str, *, fence: bool, stop: tuple[str, ...] = (),
             budget: int = 200) -> tuple[str, int, str]:
    model, tokenizer = tiny
    prompt = encode_chat(tokenizer, [Message("user", "Fix it.")])
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]  # type: ignore[operator]
    [done] = generate(model, tokenizer, [prompt], [SamplingParams(stop=stop)], [budget], stop_at_fence=fence,
                      logits_processor=LogitsProcessorList([ForceText(ids, len(prompt))]))
    return done.text, done.tokens_out, done.finish_reason


def test_stops_at_the_closing_rust_fence(tiny: tuple[object, object]) -> None:
    text, tokens_out, reason = scripted(tiny, FIXED, fence=True)
    assert text == "Here is the fix:\n```rust\nfn add(a: i32) -> i32 {\n    a + 1\n}\n```"
    assert reason == "stop"
    assert tokens_out < 40


def test_without_the_fence_rule_it_runs_to_the_budget(tiny: tuple[object, object]) -> None:
    text, tokens_out, reason = scripted(tiny, FIXED, fence=False, budget=70)
    assert text.startswith("Here is the fix:\n```rust\nfn add(a: i32) -> i32 {\n    a + 1\n}\n```\nIt adds one.")
    assert (tokens_out, reason) == (70, "length")


def test_stops_before_a_stop_string(tiny: tuple[object, object]) -> None:
    text, _, reason = scripted(tiny, "one two THREE four five six seven", fence=True, stop=("THREE",))
    assert (text, reason) == ("one two ", "stop")


def test_ends_at_end_of_turn(tiny: tuple[object, object]) -> None:
    text, tokens_out, reason = scripted(tiny, "short answer<|im_end|>", fence=False)
    assert (text, reason) == ("short answer", "stop")
    assert tokens_out == len(tiny[1]("short answer<|im_end|>", add_special_tokens=False)["input_ids"])  # type: ignore[operator]
