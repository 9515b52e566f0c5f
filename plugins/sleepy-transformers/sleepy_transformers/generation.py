"""Turn chat requests into token ids, generate (batched or with prompt lookup) and cut replies where they end."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

import torch
from transformers import LogitsProcessorList, StoppingCriteria, StoppingCriteriaList

from sleepy import BackendError, Completion, Message, SamplingParams

_FENCE_OPEN = re.compile(r"^```[ \t]*(?:rust|rs)\b[^\n]*\n", re.IGNORECASE | re.MULTILINE)
_FENCE_CLOSE = re.compile(r"^```[ \t]*$", re.MULTILINE)


def reply_end(text: str, stop: Sequence[str] = (), fence: bool = True) -> int | None:
    """Where a reply ends: before the first stop string, or just after the fence closing its first rust block."""
    ends = [i for i in (text.find(s) for s in stop if s) if i >= 0]
    if fence and (opening := _FENCE_OPEN.search(text)) and (closing := _FENCE_CLOSE.search(text, opening.end())):
        ends.append(closing.start() + 3)
    return min(ends) if ends else None


def encode_chat(tokenizer: Any, messages: Sequence[Message]) -> list[int]:
    """Token ids of `messages` rendered with the tokenizer's chat template, ready for the assistant's turn."""
    if not getattr(tokenizer, "chat_template", None):
        raise BackendError("the model's tokenizer has no chat template; use an instruct (chat) model")
    text = tokenizer.apply_chat_template([{"role": m.role, "content": m.content} for m in messages],
                                         add_generation_prompt=True, tokenize=False)
    ids: list[int] = tokenizer(text, add_special_tokens=False)["input_ids"]
    return ids


def eos_ids(model: Any, tokenizer: Any) -> list[int]:
    """Every token that ends a turn, from the generation config and the tokenizer."""
    found: list[int] = []
    for value in (getattr(model.generation_config, "eos_token_id", None), tokenizer.eos_token_id):
        for token in value if isinstance(value, list) else [value]:
            if isinstance(token, int) and token not in found:
                found.append(token)
    return found


class ReplyStop(StoppingCriteria):
    """Per row: stop at the row's token budget, at one of its stop strings, or at a closing rust fence."""

    def __init__(self, tokenizer: Any, start: int, budgets: Sequence[int], stops: Sequence[Sequence[str]],
                 fence: bool, eos: Sequence[int]) -> None:
        self.tokenizer = tokenizer
        self.start = start
        self.budgets = list(budgets)
        self.stops = [tuple(s) for s in stops]
        self.fence = fence
        self.eos = set(eos)
        self.ended: list[int | None] = [None] * len(self.budgets)
        """New tokens a row had when it ended; None while it runs."""

    def __call__(self, input_ids: torch.LongTensor, scores: Any, **kwargs: Any) -> torch.BoolTensor:
        new_len = input_ids.shape[1] - self.start
        for row, ended in enumerate(self.ended):
            if ended is None and self._ends(row, input_ids[row, self.start:]):
                self.ended[row] = new_len
        done = torch.tensor([e is not None for e in self.ended], device=input_ids.device)
        return done  # type: ignore[return-value]  # a BoolTensor at runtime

    def _ends(self, row: int, new: torch.Tensor) -> bool:
        if len(new) >= self.budgets[row] or (len(new) and int(new[-1]) in self.eos):
            return True
        if not (self.fence or self.stops[row]):
            return False
        return reply_end(self.tokenizer.decode(new, skip_special_tokens=True), self.stops[row], self.fence) is not None


def left_pad(prompts: Sequence[Sequence[int]], pad_id: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Input ids and attention mask for a batch, padded on the left so every row ends at the same column."""
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for row, prompt in enumerate(prompts):
        ids[row, width - len(prompt):] = torch.tensor(list(prompt), dtype=torch.long)
        mask[row, width - len(prompt):] = 1
    return ids.to(device), mask.to(device)


def generate(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[Sequence[int]],
    params: Sequence[SamplingParams],
    budgets: Sequence[int],
    *,
    prompt_lookup_tokens: int = 0,
    stop_at_fence: bool = True,
    logits_processor: LogitsProcessorList | None = None,
) -> list[Completion]:
    """Generate one reply per prompt in a single call to ``model.generate`` (KV cache, left padding).

    Rows share the sampling mode of ``params[0]``; sampled rows are seeded from it, so callers sample
    one request per call to make each reply depend only on its own seed. Prompt lookup is used for a
    lone greedy row when ``prompt_lookup_tokens`` > 0 (transformers supports it for one row only).
    """
    sample = params[0].temperature > 0
    eos = eos_ids(model, tokenizer)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos[0]
    ids, mask = left_pad(prompts, pad_id, model.device)
    stop = ReplyStop(tokenizer, ids.shape[1], budgets, [p.stop for p in params], stop_at_fence, eos)
    kwargs: dict[str, Any] = {
        "max_new_tokens": max(budgets), "do_sample": sample, "eos_token_id": eos, "pad_token_id": pad_id,
        "stopping_criteria": StoppingCriteriaList([stop]), "use_cache": True, "repetition_penalty": 1.0,
    }
    if sample:  # plain temperature sampling, whatever the model's generation_config suggests
        kwargs.update(temperature=params[0].temperature, top_k=0, top_p=1.0, min_p=None)
    elif prompt_lookup_tokens > 0 and len(prompts) == 1:
        kwargs["prompt_lookup_num_tokens"] = prompt_lookup_tokens
    if logits_processor is not None:
        kwargs["logits_processor"] = logits_processor
    started = time.perf_counter()
    devices = [model.device] if model.device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices), torch.inference_mode():
        torch.manual_seed(params[0].seed)
        output = model.generate(input_ids=ids, attention_mask=mask, **kwargs)
    seconds = time.perf_counter() - started
    return [
        reply_completion(tokenizer, output[row, ids.shape[1]:].tolist(), stop.ended[row], len(prompts[row]),
                         budgets[row], params[row].stop, stop_at_fence, set(eos), seconds)
        for row in range(len(prompts))
    ]


def reply_completion(tokenizer: Any, new: list[int], ended: int | None, tokens_in: int, budget: int,
                     stop: Sequence[str], fence: bool, eos: set[int], seconds: float) -> Completion:
    """The Completion for one row: tokens up to where it ended, text cut at its stop, and why it ended."""
    produced = new[:ended] if ended is not None else new
    first_eos = next((i for i, t in enumerate(produced) if t in eos), None)
    if first_eos is not None:
        produced = produced[: first_eos + 1]
    text = tokenizer.decode(produced, skip_special_tokens=True)
    end = reply_end(text, stop, fence)
    if end is not None:
        text, reason = text[:end], "stop"
        # count only the tokens that make up the kept text: prompt lookup may accept a few past the end
        while len(produced) > 1 and len(tokenizer.decode(produced[:-1], skip_special_tokens=True)) >= end:
            produced = produced[:-1]
    elif first_eos is not None:
        reason = "stop"
    else:
        reason = "length" if len(produced) >= budget else "stop"
    return Completion(text=text, tokens_in=tokens_in, tokens_out=len(produced), seconds=seconds,
                      finish_reason=reason)
