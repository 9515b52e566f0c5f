"""Greedy decoding of a batch with prompt-lookup drafts (transformers drafts for one row only).

A fix mostly repeats the file it was given, so the tokens that followed the last few generated
ones somewhere earlier in the sequence are a good guess of what comes next. Each step every row
proposes up to `draft_tokens` such tokens; one forward pass scores them all; each row keeps the
drafts the model agrees with plus the model's own next token. Replies equal plain greedy decoding.

Rows accept different numbers of drafts, but the KV cache is one tensor per layer: rejected draft
positions stay in it as holes that the attention mask hides, and position ids are kept per row.
The cache is compacted when holes dominate, and finished rows leave the batch.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Sequence
from typing import Any

import torch

from sleepy import Completion, SamplingParams
from sleepy_transformers.generation import eos_ids, left_pad, reply_completion, reply_end

MAX_NGRAM = 3
COMPACT_ABOVE = 64  # cache width under which holes cost too little to bother


class Drafter:
    """Proposes the continuation of a row's last n-gram (n = 3, 2, 1) from earlier in the row.

    After a draft is accepted, copying continues from where it left off (a "cursor"), so a long
    copied span keeps its place even when its n-grams also occur elsewhere.
    """

    def __init__(self, sequence: list[int]) -> None:
        self.seq = sequence
        self._first: list[dict[tuple[int, ...], int]] = [{} for _ in range(MAX_NGRAM + 1)]
        self._indexed = 0  # n-grams ending before this index are in self._first
        self.cursor: int | None = None
        self._source: int | None = None

    def propose(self, limit: int) -> list[int]:
        """Up to `limit` tokens guessed to come next (possibly none)."""
        self._source = None
        if limit <= 0:
            return []
        if self.cursor is not None and self.cursor < len(self.seq):
            self._source = self.cursor
        else:
            self._index()
            for n in range(MAX_NGRAM, 0, -1):
                if len(self.seq) > n:
                    found = self._first[n].get(tuple(self.seq[-n:]))
                    if found is not None:
                        self._source = found
                        break
        if self._source is None:
            return []
        return self.seq[self._source:self._source + limit]

    def accepted(self, drafts: int, bonus: int) -> None:
        """Record that the first `drafts` proposed tokens were kept and `bonus` followed them."""
        follow = None if self._source is None else self._source + drafts
        self.cursor = follow + 1 if follow is not None and follow < len(self.seq) and self.seq[follow] == bonus \
            else None

    def _index(self) -> None:
        # index every n-gram that has a continuation: those ending at or before len - 1
        for end in range(max(self._indexed, 1), len(self.seq)):
            for n in range(1, MAX_NGRAM + 1):
                if end >= n:
                    self._first[n].setdefault(tuple(self.seq[end - n:end]), end)
        self._indexed = max(self._indexed, len(self.seq))


def _cache_argument(model: Any) -> str:
    # transformers 5.x renamed past_key_values to cache in forward()
    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def _compact(cache: Any, mask: torch.Tensor) -> torch.Tensor | None:
    """Drop holes from the cache (rows left-padded to the longest); None if this cache's layout is unknown."""
    layers = getattr(cache, "layers", None)
    if not layers or not all(hasattr(layer, "keys") and hasattr(layer, "values") for layer in layers):
        return None
    lengths = mask.sum(dim=1)
    width = int(lengths.max())
    index = torch.zeros((mask.shape[0], width), dtype=torch.long, device=mask.device)
    new_mask = torch.zeros((mask.shape[0], width), dtype=mask.dtype, device=mask.device)
    for row in range(mask.shape[0]):
        valid = mask[row].nonzero(as_tuple=True)[0]
        index[row, width - len(valid):] = valid
        new_mask[row, width - len(valid):] = 1
    for layer in layers:
        if getattr(layer, "keys", None) is None or layer.keys.numel() == 0:
            continue
        gather = index[:, None, :, None].expand(-1, layer.keys.shape[1], -1, layer.keys.shape[3])
        layer.keys = layer.keys.gather(2, gather)
        layer.values = layer.values.gather(2, gather)
    return new_mask


def lookup_generate(
    model: Any,
    tokenizer: Any,
    prompts: Sequence[Sequence[int]],
    params: Sequence[SamplingParams],
    budgets: Sequence[int],
    *,
    draft_tokens: int = 10,
    stop_at_fence: bool = True,
) -> list[Completion]:
    """Greedy replies for `prompts` in one batch, with prompt-lookup drafts (of `params`, only `stop` is used)."""
    from transformers import DynamicCache

    started = time.perf_counter()
    eos = eos_ids(model, tokenizer)
    eos_set = set(eos)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos[0]
    device = model.device
    cache_arg = _cache_argument(model)
    cache = DynamicCache(config=model.config)
    seqs = [list(p) for p in prompts]
    drafters = [Drafter(s) for s in seqs]
    produced: list[list[int]] = [[] for _ in prompts]
    active = list(range(len(prompts)))  # original row of each batch row

    ids, mask = left_pad(prompts, pad_id, device)
    positions = (mask.cumsum(dim=1) - 1).clamp(min=0)
    with torch.inference_mode():
        logits = model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True,
                       logits_to_keep=1, **{cache_arg: cache}).logits
        first = logits[:, -1].argmax(dim=-1).tolist()
        for row, token in enumerate(first):
            seqs[row].append(token)
            produced[row].append(token)
        done = [_finished(produced[r], budgets[r], eos_set, tokenizer, params[r].stop, stop_at_fence)
                for r in range(len(prompts))]
        mask, active = _drop(cache, mask, active, done)
        while active:
            drafts = [drafters[r].propose(min(draft_tokens, budgets[r] - len(produced[r]) - 1)) for r in active]
            width = 1 + max(len(d) for d in drafts)
            step_ids = torch.full((len(active), width), pad_id, dtype=torch.long)
            step_mask = torch.zeros((len(active), width), dtype=mask.dtype)
            for i, (r, draft) in enumerate(zip(active, drafts, strict=True)):
                step_ids[i, : 1 + len(draft)] = torch.tensor([seqs[r][-1], *draft])
                step_mask[i, : 1 + len(draft)] = 1
            step_positions = torch.tensor([len(seqs[r]) - 1 for r in active])[:, None] + torch.arange(width)
            full_mask = torch.cat([mask, step_mask.to(device)], dim=1)
            logits = model(input_ids=step_ids.to(device), attention_mask=full_mask,
                           position_ids=step_positions.to(device), use_cache=True, **{cache_arg: cache}).logits
            greedy = logits.argmax(dim=-1).tolist()
            done = []
            for i, (r, draft) in enumerate(zip(active, drafts, strict=True)):
                kept = 0
                while kept < len(draft) and draft[kept] == greedy[i][kept]:
                    kept += 1
                new = [*draft[:kept], greedy[i][kept]]
                drafters[r].accepted(kept, greedy[i][kept])
                full_mask[i, mask.shape[1] + 1 + kept:] = 0
                for token in new:
                    seqs[r].append(token)
                    produced[r].append(token)
                    if token in eos_set or len(produced[r]) >= budgets[r]:
                        break
                done.append(_finished(produced[r], budgets[r], eos_set, tokenizer, params[r].stop, stop_at_fence))
            mask, active = _drop(cache, full_mask, active, done)
            if active and mask.shape[1] > COMPACT_ABOVE and float(mask.float().mean()) < 0.5:
                compacted = _compact(cache, mask)
                if compacted is not None:
                    mask = compacted
    seconds = time.perf_counter() - started
    return [reply_completion(tokenizer, produced[r], None, len(prompts[r]), budgets[r], params[r].stop,
                             stop_at_fence, eos_set, seconds) for r in range(len(prompts))]


def _finished(produced: list[int], budget: int, eos: set[int], tokenizer: Any, stop: Sequence[str],
              fence: bool) -> bool:
    if len(produced) >= budget or produced[-1] in eos:
        return True
    if not (fence or stop):
        return False
    return reply_end(tokenizer.decode(produced, skip_special_tokens=True), stop, fence) is not None


def _drop(cache: Any, mask: torch.Tensor, active: list[int], done: list[bool]) -> tuple[torch.Tensor, list[int]]:
    """Remove finished rows from the batch (cache and mask)."""
    if not any(done):
        return mask, active
    keep = [i for i, d in enumerate(done) if not d]
    if keep:
        cache.batch_select_indices(torch.tensor(keep, device=mask.device))
    return mask[keep], [active[i] for i in keep]
