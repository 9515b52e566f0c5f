"""The training set as token ids: prompts rendered exactly as generation renders them, answers to learn.

A dataset line is ``{"messages": [system, user, ..., assistant], "weight": w, ...}``; everything before
the last (assistant) message is the prompt. The prompt's ids are what `encode_chat` produces at
inference time, and the answer's ids are the rest of the conversation as the chat template renders it,
up to and including the end-of-turn token, so the model learns to stop where generation stops.
With `mark_changed`, each example also records which answer tokens lie on lines that differ from the
file the prompt shows (`changed.py`), for the loss to weight them (`changed_token_weight`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy import BackendError, Message
from sleepy_transformers.generation import encode_chat
from sleepy_transformers.training.changed import changed_spans, tokens_in

Step = list[list[int]]
"""One optimizer step: its micro-batches, each a list of example indices."""


@frozen
class TokenizedExample:
    """Prompt and answer ids of one example; the loss covers the answer only."""

    ids: tuple[int, ...]
    prompt_tokens: int
    weight: float
    line: int  # 1-based line in the dataset file, for messages
    changed: tuple[int, ...] = ()  # answer tokens (0 = the first) on changed lines, when they were marked

    @property
    def answer_tokens(self) -> int:
        return len(self.ids) - self.prompt_tokens


@frozen
class TokenizedDataset:
    """The examples that fit `max_length`, and how many lines did not."""

    examples: tuple[TokenizedExample, ...]
    skipped_too_long: int

    @property
    def tokens(self) -> int:
        return sum(len(e.ids) for e in self.examples)

    @property
    def changed_tokens(self) -> int:
        return sum(len(e.changed) for e in self.examples)


def read_examples(path: Path) -> list[tuple[list[Message], float]]:
    """Messages and weight of every line of a chat-messages JSONL file; the last message must be the assistant's."""
    found: list[tuple[list[Message], float]] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                messages = [Message(m["role"], m["content"]) for m in data["messages"]]
                weight = float(data.get("weight", 1.0))
            except (ValueError, KeyError, TypeError) as exc:
                raise BackendError(f"{path}:{number}: not a chat-messages example ({type(exc).__name__}: {exc})") \
                    from None
            if len(messages) < 2 or messages[-1].role != "assistant":
                raise BackendError(f"{path}:{number}: the last message must be the assistant's answer")
            if weight < 0:
                raise BackendError(f"{path}:{number}: negative weight {weight}")
            found.append((messages, weight))
    return found


def encode_example(tokenizer: Any, messages: Sequence[Message], eos: Sequence[int]) -> tuple[list[int], list[int]]:
    """Prompt ids (as generation encodes them) and answer ids (ending with an end-of-turn token)."""
    prompt_ids = encode_chat(tokenizer, messages[:-1])
    # The answer is tokenized on its own, after the prompt's ids, because that is how the model meets it:
    # generation continues from exactly `prompt_ids`.
    answer_ids: list[int] = tokenizer(answer_text(tokenizer, messages), add_special_tokens=False)["input_ids"]
    end = next((i for i, t in enumerate(answer_ids) if t in eos), None)
    if end is not None:
        answer_ids = answer_ids[: end + 1]  # what the template adds after the end-of-turn token is never generated
    elif eos:
        answer_ids.append(eos[0])
    return prompt_ids, answer_ids


def answer_text(tokenizer: Any, messages: Sequence[Message]) -> str:
    """The text after the prompt (with its generation prompt) in the rendered conversation: the answer as
    the chat template writes it, with what the template adds after it."""
    as_dicts = [{"role": m.role, "content": m.content} for m in messages]
    prompt_text = tokenizer.apply_chat_template(as_dicts[:-1], add_generation_prompt=True, tokenize=False)
    full_text = tokenizer.apply_chat_template(as_dicts, tokenize=False)
    return full_text[len(prompt_text):] if full_text.startswith(prompt_text) else messages[-1].content


def changed_answer_tokens(tokenizer: Any, messages: Sequence[Message], answer_tokens: int) -> tuple[int, ...]:
    """Which of the first `answer_tokens` answer ids (as `encode_example` makes them) lie on changed lines,
    found with the fast tokenizer's character offsets."""
    content = messages[-1].content
    spans = changed_spans(messages[:-1], content)
    tail = answer_text(tokenizer, messages)
    at = tail.find(content)
    if not spans or at < 0:  # nothing changed, or a template that rewrites the answer: nothing to map
        return ()
    if not getattr(tokenizer, "is_fast", False):
        raise BackendError("changed_token_weight needs a fast tokenizer (its character offsets map changed lines to "
                           "tokens); this model's is not: set changed_token_weight to 1")
    offsets = tokenizer(tail, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    return tokens_in(offsets[:answer_tokens], [(at + a, at + b) for a, b in spans])


def tokenize_dataset(path: Path, tokenizer: Any, eos: Sequence[int], max_length: int, *,
                     mark_changed: bool = False) -> TokenizedDataset:
    """Tokenize every example; those longer than `max_length` are skipped (truncating would teach a cut answer).
    `mark_changed`: also record each example's answer tokens on changed lines."""
    examples: list[TokenizedExample] = []
    skipped = 0
    for line, (messages, weight) in enumerate(read_examples(path), 1):
        prompt_ids, answer_ids = encode_example(tokenizer, messages, eos)
        if len(prompt_ids) + len(answer_ids) > max_length:
            skipped += 1
            continue
        if prompt_ids and answer_ids:  # an empty prompt leaves no position to predict the first answer token from
            changed = changed_answer_tokens(tokenizer, messages, len(answer_ids)) if mark_changed else ()
            examples.append(TokenizedExample(tuple(prompt_ids + answer_ids), len(prompt_ids), weight, line, changed))
    return TokenizedDataset(tuple(examples), skipped)


def plan_steps(lengths: Sequence[int], *, batch_size: int, grad_accumulation: int, epochs: int, seed: int,
               window_batches: int = 8) -> list[Step]:
    """Every optimizer step of the run, decided up front from `seed`: the same inputs give the same plan.

    Each epoch shuffles the examples, sorts each window of ``batch_size * window_batches`` of them by
    length so that a batch holds similar lengths (little padding), then shuffles the batches.
    """
    rng = random.Random(seed)
    steps: list[Step] = []
    window = batch_size * window_batches
    for _ in range(epochs):
        order = list(range(len(lengths)))
        rng.shuffle(order)
        batches: list[list[int]] = []
        for at in range(0, len(order), window):
            chunk = sorted(order[at:at + window], key=lambda i: (-lengths[i], i))
            batches += [chunk[b:b + batch_size] for b in range(0, len(chunk), batch_size)]
        rng.shuffle(batches)
        steps += [batches[s:s + grad_accumulation] for s in range(0, len(batches), grad_accumulation)]
    return steps


def padding_share(steps: Sequence[Step], lengths: Sequence[int]) -> float:
    """Share of the positions in the planned batches that are padding."""
    padded = real = 0
    for step in steps:
        for batch in step:
            padded += max(lengths[i] for i in batch) * len(batch)
            real += sum(lengths[i] for i in batch)
    return 1.0 - real / padded if padded else 0.0
