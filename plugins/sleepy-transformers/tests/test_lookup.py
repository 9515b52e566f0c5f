from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from sleepy_transformers import lookup
from sleepy_transformers.generation import encode_chat, generate
from sleepy_transformers.lookup import Drafter, lookup_generate
from transformers import AutoModelForCausalLM, AutoTokenizer

from sleepy.records import Message, SamplingParams

TEXTS = ["Fix the bug", "fn main() { let mut v = Vec::new(); v.push(1); } error[E0499]: cannot borrow",
         "pub fn add(a: i32, b: i32) -> i32 { a + b } pub fn add(a: i32, b: i32) -> i32 { a + b }"]


def test_drafter_copies_what_followed_the_last_ngram() -> None:
    seq = [5, 6, 7, 8, 9, 1, 6, 7]
    drafter = Drafter(seq)
    assert drafter.propose(3) == [8, 9, 1]  # (6, 7) was followed by 8, 9, 1
    seq += [8, 9]
    drafter.accepted(1, 9)  # kept 8, then the model said 9, as the source does: copying goes on
    assert drafter.cursor == 5
    assert drafter.propose(2) == [1, 6]
    seq += [4]
    drafter.accepted(0, 4)  # rejected: back to searching
    assert drafter.cursor is None
    assert drafter.propose(2) == []  # nothing ever followed 4
    assert drafter.propose(0) == []


def test_drafter_prefers_longer_ngrams() -> None:
    seq = [1, 2, 3, 9, 2, 3, 4, 1, 2, 3]
    assert Drafter(seq).propose(2) == [9, 2]  # (1, 2, 3) -> 9, though (2, 3) first led to 9 too
    assert Drafter([7, 2, 3, 4, 8, 2, 3]).propose(1) == [4]


@pytest.fixture(scope="module")
def tiny(tiny_model_dir: Path) -> tuple[Any, Any]:
    return AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval(), AutoTokenizer.from_pretrained(tiny_model_dir)


def prompts_for(tokenizer: Any, texts: list[str]) -> list[list[int]]:
    return [encode_chat(tokenizer, [Message("user", t)]) for t in texts]


@pytest.mark.parametrize("compact_above", [10_000, 8])
def test_equals_plain_greedy(tiny: tuple[Any, Any], compact_above: int, monkeypatch: pytest.MonkeyPatch) -> None:
    model, tokenizer = tiny
    monkeypatch.setattr(lookup, "COMPACT_ABOVE", compact_above)
    compactions = []
    real_compact = lookup._compact
    monkeypatch.setattr(lookup, "_compact", lambda c, m: compactions.append(1) or real_compact(c, m))
    prompts = prompts_for(tokenizer, TEXTS)
    params = [SamplingParams(), SamplingParams(stop=("e",)), SamplingParams()]
    budgets = [30, 40, 17]
    plain = [generate(model, tokenizer, [p], [s], [b], stop_at_fence=False)[0]
             for p, s, b in zip(prompts, params, budgets, strict=True)]
    batched = lookup_generate(model, tokenizer, prompts, params, budgets, draft_tokens=6, stop_at_fence=False)
    assert [(c.text, c.tokens_out, c.finish_reason) for c in batched] == [
        (c.text, c.tokens_out, c.finish_reason) for c in plain]
    assert bool(compactions) == (compact_above == 8)


class CopyingModel:
    """The tiny model with its logits replaced so that its greedy reply is `reply` (all tokens distinct)."""

    def __init__(self, model: Any, start: int, reply: list[int], eos: int) -> None:
        self.model = model
        self.successor = dict(zip([start, *reply], [*reply, eos], strict=True))
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def __call__(self, **kwargs: Any) -> Any:
        self.calls += 1
        out = self.model(**kwargs)
        ids = kwargs["input_ids"][:, -out.logits.shape[1]:]
        forced = torch.full_like(out.logits, float("-inf"))
        for b in range(ids.shape[0]):
            for s in range(ids.shape[1]):
                forced[b, s, self.successor.get(int(ids[b, s]), 0)] = 0.0
        out.logits = forced
        return out


def test_accepted_drafts_make_few_forward_passes(tiny: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    model, tokenizer = tiny
    monkeypatch.setattr(lookup, "COMPACT_ABOVE", 8)
    reply = list(dict.fromkeys(tokenizer("pub fn add(a: i32, b: i32) -> i32 { a + b }",
                                         add_special_tokens=False)["input_ids"]))
    text = tokenizer.decode(reply)
    prompts = prompts_for(tokenizer, [f"Copy this: {text}", f"Please, copy this one: {text} and stop"])
    start = prompts[0][-1]
    assert start not in reply and prompts[1][-1] == start
    copying = CopyingModel(model, start, reply, eos=2)
    done = lookup_generate(copying, tokenizer, prompts, [SamplingParams()] * 2, [100, 5], draft_tokens=8,
                           stop_at_fence=False)
    assert done[0].text == text
    assert (done[0].tokens_out, done[0].finish_reason) == (len(reply) + 1, "stop")
    assert done[1].text == tokenizer.decode(reply[:5])
    assert (done[1].tokens_out, done[1].finish_reason) == (5, "length")
    assert copying.calls <= 2 + len(reply) // 8 + 2, "most tokens come from accepted drafts"
    assert torch.is_grad_enabled(), "inference mode ends with the call"
