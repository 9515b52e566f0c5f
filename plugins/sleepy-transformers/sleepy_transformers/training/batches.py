"""One micro-batch as tensors, and the loss on its answer tokens.

Rows are right-padded and no attention mask is passed: with causal attention a real token never sees
the padding after it, so its output is exactly what it would be alone, and attention keeps its fast
causal path. Logits are computed only where an answer token is predicted: the vocabulary projection
of prompt and padding positions, most of a koan example, is never paid for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from attrs import frozen
from torch.nn import functional as F

from sleepy_transformers.training.data import TokenizedExample

# Model types whose causal-LM head is exactly `lm_head(decoder(...).last_hidden_state)` (no logit
# scaling or soft-capping), so the head can be applied to answer positions alone.
PLAIN_HEAD_MODEL_TYPES = frozenset({"llama", "mistral", "qwen2", "qwen3", "phi3", "starcoder2", "olmo", "olmo2",
                                    "smollm3", "gemma"})


@frozen
class Batch:
    """Token ids of a micro-batch, where its answer tokens are predicted, and each prediction's loss weight."""

    ids: torch.Tensor  # (rows, width), right-padded
    rows: torch.Tensor  # (answer tokens,): row of the position that predicts each answer token
    cols: torch.Tensor  # (answer tokens,): that position's column (one before the answer token)
    targets: torch.Tensor  # (answer tokens,)
    token_weights: torch.Tensor  # see `answer_weights`: each example's (weighted) mean loss, times its weight
    tokens: int  # real (unpadded) tokens


def token_slices(examples: Sequence[TokenizedExample], max_tokens: int) -> list[list[TokenizedExample]]:
    """A planned batch as consecutive slices of at most `max_tokens` positions each (rows x the longest row).

    The loss is a sum over examples, so running the slices one after another and adding their gradients
    gives the batch's gradient (up to float rounding) while activations, about 1 MiB per position for
    SmolLM2-135M in bfloat16, are held for one slice at a time. An example longer than `max_tokens`
    forms a slice alone; 0: the whole batch in one slice.
    """
    slices: list[list[TokenizedExample]] = []
    for example in examples:
        if slices and (not max_tokens or
                       (len(slices[-1]) + 1) * max(len(e.ids) for e in (*slices[-1], example)) <= max_tokens):
            slices[-1].append(example)
        else:
            slices.append([example])
    return slices


def answer_weights(example: TokenizedExample, changed_weight: float = 1.0) -> list[float]:
    """Loss weight of each answer token: ``weight * s_i / sum(s)``, where s_i is `changed_weight` for a
    token on a changed line and 1 for the others. The example's loss is so the mean of its answer
    tokens' losses weighted by s, times its `weight`: up-weighting changed lines shifts where an
    example's loss comes from without changing its scale or its share of the batch. At 1 (or with no
    changed token) this is ``weight / answer length`` exactly, the plain mean."""
    answer = example.answer_tokens
    if changed_weight == 1.0 or not example.changed:
        return [example.weight / answer] * answer
    scale = [1.0] * answer
    for index in example.changed:
        scale[index] = changed_weight
    total = sum(scale)
    return [example.weight * s / total if total else 0.0 for s in scale]


def collate(examples: Sequence[TokenizedExample], pad_id: int, device: torch.device,
            changed_weight: float = 1.0) -> Batch:
    width = max(len(e.ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for row, example in enumerate(examples):
        ids[row, : len(example.ids)] = torch.tensor(example.ids, dtype=torch.long)
        answer = example.answer_tokens
        rows += [row] * answer
        cols += range(example.prompt_tokens - 1, len(example.ids) - 1)
        weights += answer_weights(example, changed_weight)
    rows_t, cols_t = torch.tensor(rows), torch.tensor(cols)
    return Batch(ids.to(device), rows_t.to(device), cols_t.to(device), ids[rows_t, cols_t + 1].to(device),
                 torch.tensor(weights, dtype=torch.float32, device=device), sum(len(e.ids) for e in examples))


class AnswerLoss:
    """Sum over a batch's examples of weight * (weighted) mean cross-entropy of the example's answer tokens."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.decoder: Any = model.get_decoder() if hasattr(model, "get_decoder") else None
        self.head: Any = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
        self.answer_only_head = (getattr(model.config, "model_type", None) in PLAIN_HEAD_MODEL_TYPES
                                 and self.decoder is not None and self.head is not None)

    def logits(self, batch: Batch) -> torch.Tensor:
        """Logits at the positions that predict answer tokens, (answer tokens, vocabulary)."""
        if self.answer_only_head:
            hidden = self.decoder(input_ids=batch.ids, use_cache=False).last_hidden_state
            logits: torch.Tensor = self.head(hidden[batch.rows, batch.cols])
            return logits
        full: torch.Tensor = self.model(input_ids=batch.ids, use_cache=False).logits
        return full[batch.rows, batch.cols]

    def __call__(self, batch: Batch) -> torch.Tensor:
        losses = F.cross_entropy(self.logits(batch).float(), batch.targets, reduction="none")
        return (losses * batch.token_weights).sum()
