"""The training loop: plain PyTorch, sized for a few CPU cores, resumable at any checkpoint.

What makes it fast on a CPU, compared with `transformers.Trainer` + PEFT: batches of similar lengths
(little padding), no attention mask (causal attention already hides right padding), the vocabulary
projection only at answer positions, LoRA applied by hooks on the unwrapped model, bfloat16 autocast
where the CPU multiplies bfloat16 natively (`precision: auto`), and no per-step machinery beyond the
optimizer. What makes it exact: one batch plan fixed by the seed, LoRA
initialised and dropped out from generators of its own, and checkpoints that hold all of that state.

`fit` is the loop itself, for any `Trainable` attached to the borrowed model: the `lora` trainer runs it
on `LoraHooks` (`train_lora`), and the sleepy-subspace plugin on its coefficient layers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import attrs
import torch
from attrs import frozen

from sleepy import BackendError, PhaseProgress, TrainingRequest, TrainingResult, without_neutral_defaults
from sleepy_transformers.generation import eos_ids
from sleepy_transformers.options import LoraOptions
from sleepy_transformers.training.base import BaseModel, borrow_base_model
from sleepy_transformers.training.batches import AnswerLoss, collate, token_slices
from sleepy_transformers.training.checkpoints import load_latest, save_checkpoint
from sleepy_transformers.training.data import Step, TokenizedDataset, padding_share, plan_steps, tokenize_dataset
from sleepy_transformers.training.lora import LoraHooks, find_targets
from sleepy_transformers.training.output import WEIGHTS_FILE, peft_config, write_adapter

log = logging.getLogger(__name__)

# Options that change neither the result (beyond float rounding) nor which checkpoints may be resumed from.
_RUN_NEUTRAL_OPTIONS = ("checkpoint_every", "threads", "model", "max_batch_tokens")


def train(request: TrainingRequest, backend: Any, options: LoraOptions) -> TrainingResult:
    """Train a LoRA adapter on `request`'s dataset and write it to `request.output_dir`."""
    with torch_threads(options.threads), borrow_base_model(backend, options) as base:
        return _train(request, options, base)


@contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    before = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def learning_rate(step: int, total: int, options: LoraOptions) -> float:
    """Linear warm-up over the first `warmup_ratio` of the steps, then linear decay to 0 (like HF's `linear`)."""
    warmup = int(total * options.warmup_ratio)
    if step < warmup:
        return options.learning_rate * (step + 1) / (warmup + 1)
    return options.learning_rate * max(0.0, (total - step) / max(1, total - warmup))


def cpu_computes_bfloat16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX); without it bfloat16 is emulated, slowly."""
    try:
        flags = set(cpuinfo.read_text(encoding="utf-8", errors="replace").split())
    except OSError:
        return False
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The dtype training computes in under autocast, or None for the model's own (float32 on a CPU)."""
    if precision == "bfloat16" or (precision == "auto" and (
            (device.type == "cuda" and torch.cuda.is_bf16_supported()) or
            (device.type == "cpu" and cpu_computes_bfloat16()))):
        return torch.bfloat16
    return None


def _run_key(request: TrainingRequest, options: LoraOptions, base: BaseModel, plan: list[Step],
             parent_digest: str | None, compute: torch.dtype | None, identity: Mapping[str, Any] | None) -> str:
    # less options added later and left at the default that does what the code did before (`neutral`)
    settings = without_neutral_defaults(options, {k: v for k, v in attrs.asdict(options).items()
                                                  if k not in _RUN_NEUTRAL_OPTIONS})
    key: dict[str, Any] = {"dataset": request.dataset_hash, "seed": request.seed, "options": settings,
                           "base": [base.name, base.digest], "parent": parent_digest, "plan": plan,
                           "compute": str(compute)}
    if identity:
        key["identity"] = identity  # only when given, so the `lora` trainer's keys (and checkpoints) are unchanged
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


class Trainable(Protocol):
    """What the loop trains: a set of parameters attached to the borrowed model (e.g. `LoraHooks`)."""

    training: bool  # False once training ends (no dropout)
    dropout_generator: torch.Generator  # its state is checkpointed

    def parameters(self) -> Iterator[torch.nn.Parameter]: ...

    def state(self) -> dict[str, torch.Tensor]: ...

    def load_state(self, tensors: Mapping[str, torch.Tensor]) -> None: ...


class _RunState:
    """What changes as training goes on, and so what a checkpoint saves and a resume restores."""

    def __init__(self, adapter: Trainable, options: LoraOptions) -> None:
        self.adapter = adapter
        self.params = list(adapter.parameters())
        self.optimizer = torch.optim.AdamW(self.params, lr=options.learning_rate, weight_decay=options.weight_decay)
        self.losses: list[float] = []
        self.tokens = 0
        self.seconds = 0.0
        self.resumed_from: int | None = None

    def restore(self, state: dict[str, Any]) -> None:
        self.adapter.load_state(state["lora"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.adapter.dropout_generator.set_state(state["dropout_rng"])
        self.losses, self.tokens, self.seconds = list(state["losses"]), int(state["tokens"]), float(state["seconds"])
        self.resumed_from = int(state["step"])

    def checkpoint(self, **identity: Any) -> dict[str, Any]:
        # The learning rate is a pure function of the step (`learning_rate`), so the step is the schedule's state.
        return {**identity, "lora": self.adapter.state(), "optimizer": self.optimizer.state_dict(),
                "dropout_rng": self.adapter.dropout_generator.get_state(), "losses": self.losses,
                "tokens": self.tokens, "seconds": self.seconds}


@frozen
class Fit:
    """A finished training run: the data and batch plan it used and what it measured."""

    data: TokenizedDataset
    plan: list[Step]
    lengths: list[int]
    run: _RunState
    compute: torch.dtype | None


def tokenized(request: TrainingRequest, options: LoraOptions, base: BaseModel) -> tuple[TokenizedDataset, list[int]]:
    """The request's dataset as token ids (refused in one line when no example fits), and each example's length."""
    data = tokenize_dataset(request.dataset_path, base.tokenizer, eos_ids(base.model, base.tokenizer),
                            options.max_length, mark_changed=options.changed_token_weight != 1.0)
    if not data.examples:
        raise BackendError(f"{request.dataset_path}: no example to train on ({data.skipped_too_long} longer than "
                           f"max_length {options.max_length} tokens)")
    return data, [len(e.ids) for e in data.examples]


def fit(request: TrainingRequest, options: LoraOptions, base: BaseModel, adapter: Trainable, *,
        parent_digest: str | None = None, identity: Mapping[str, Any] | None = None,
        regularizer: Callable[[], torch.Tensor] | None = None) -> Fit:
    """Train `adapter`'s parameters on `request`'s dataset: the batching, schedule, checkpoints and progress of
    the `lora` trainer, for any parameters attached to `base.model` (the subspace plugin's too).

    `identity`: what else makes this run distinct (joins the checkpoints' run key). `regularizer`: a loss
    term added once per optimizer step (e.g. O-LoRA's orthogonality penalty).
    """
    data, lengths = tokenized(request, options, base)
    eos = eos_ids(base.model, base.tokenizer)
    plan = plan_steps(lengths, batch_size=options.batch_size, grad_accumulation=options.grad_accumulation,
                      epochs=options.epochs, seed=request.seed)[: options.max_steps]
    total = len(plan)
    compute = autocast_dtype(options.precision, base.device)
    run_key = _run_key(request, options, base, plan, parent_digest, compute, identity)
    run = _RunState(adapter, options)
    state = load_latest(request.checkpoint_dir, run_key)
    if state is not None:
        run.restore(state)
        log.info("resuming training at step %d of %d from %s", run.resumed_from, total, request.checkpoint_dir)
    loss_of = AnswerLoss(base.model)
    pad_id = base.tokenizer.pad_token_id if base.tokenizer.pad_token_id is not None else eos[0]
    for step in range(run.resumed_from or 0, total):
        started = time.perf_counter()
        lr = learning_rate(step, total, options)
        for group in run.optimizer.param_groups:
            group["lr"] = lr
        in_step = [data.examples[i] for batch in plan[step] for i in batch]
        weighted = 0.0
        for examples in (part for indices in plan[step]
                         for part in token_slices([data.examples[i] for i in indices], options.max_batch_tokens)):
            batch = collate(examples, pad_id, base.device, options.changed_token_weight)
            with torch.enable_grad(), torch.autocast(base.device.type, dtype=compute, enabled=compute is not None):
                loss = loss_of(batch)
            share: torch.Tensor = loss / len(in_step)  # each example: weight * its mean answer-token loss
            share.backward()  # type: ignore[no-untyped-call]
            weighted += float(loss.detach())
            run.tokens += batch.tokens
        if regularizer is not None:
            with torch.enable_grad():
                regularizer().backward()  # type: ignore[no-untyped-call]
        if options.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(run.params, options.max_grad_norm)
        run.optimizer.step()
        run.optimizer.zero_grad(set_to_none=True)
        weight_sum = sum(e.weight for e in in_step)
        run.losses.append(weighted / weight_sum if weight_sum else 0.0)  # weighted mean: one example's scale
        run.seconds += time.perf_counter() - started
        done = step + 1
        if done == total or (options.checkpoint_every and done % options.checkpoint_every == 0):
            save_checkpoint(request.checkpoint_dir, done, run.checkpoint(
                run_key=run_key, dataset_hash=request.dataset_hash,
                schedule={"kind": "linear", "total": total, "warmup_ratio": options.warmup_ratio}))
        if request.progress is not None:
            request.progress(PhaseProgress("training", done, total, {
                "loss": round(run.losses[-1], 4), "tok/s": round(run.tokens / run.seconds, 1), "lr": lr}))
    adapter.training = False
    return Fit(data, plan, lengths, run, compute)


def train_lora(request: TrainingRequest, options: LoraOptions, base: BaseModel) -> tuple[LoraHooks, Fit]:
    """A fresh LoRA (or the parent's, with `init_from_parent`) trained on `base.model`; the caller detaches it."""
    lora = LoraHooks(find_targets(base.model, options.target_modules), rank=options.rank, alpha=options.alpha,
                     dropout=options.dropout, seed=request.seed & (2**63 - 1))
    try:
        parent_digest = None
        if options.init_from_parent and request.parent_adapter is not None:
            weights = request.parent_adapter / WEIGHTS_FILE
            lora.load_peft(weights)
            parent_digest = hashlib.sha256(weights.read_bytes()).hexdigest()
        return lora, fit(request, options, base, lora, parent_digest=parent_digest)
    except BaseException:
        lora.detach()
        raise


def _train(request: TrainingRequest, options: LoraOptions, base: BaseModel) -> TrainingResult:
    lora, done = train_lora(request, options, base)
    try:
        parent = request.parent_adapter if options.init_from_parent else None
        metadata = _metadata(request, options, base, lora, done, parent)
        write_adapter(request.output_dir, lora.peft_tensors(),
                      peft_config(rank=options.rank, alpha=options.alpha, dropout=options.dropout,
                                  target_modules=lora.suffixes, base_model=base.name),
                      metadata)
        return TrainingResult(request.output_dir, base.name, metadata, lora.module_shapes)
    finally:
        lora.detach()


def _metadata(request: TrainingRequest, options: LoraOptions, base: BaseModel, lora: LoraHooks, done: Fit,
              parent: Path | None) -> dict[str, Any]:
    parent_digest = hashlib.sha256((parent / WEIGHTS_FILE).read_bytes()).hexdigest() if parent else None
    return {
        "trainer": "lora",
        **fit_metadata(request, options, base, done),
        "target_modules": lora.suffixes,
        "adapted_layers": len(lora.a),
        "parent_adapter": str(parent) if parent_digest else None,
        "parent_adapter_sha256": parent_digest,
    }


def fit_metadata(request: TrainingRequest, options: LoraOptions, base: BaseModel, done: Fit) -> dict[str, Any]:
    """What every trained adapter's ``sleepy_adapter.json`` says about its data, run and machine."""
    losses, tokens, seconds, data = done.run.losses, done.run.tokens, done.run.seconds, done.data
    return {
        "base_model": base.name,
        "base_model_digest": base.digest,
        "dataset_hash": request.dataset_hash,
        "seed": request.seed,
        "options": attrs.asdict(options),
        "examples": len(data.examples),
        "skipped_too_long": data.skipped_too_long,
        "answer_tokens": sum(e.answer_tokens for e in data.examples),
        # answer tokens on changed lines, weighted `changed_token_weight` (none are marked when it is 1)
        "changed_answer_tokens": data.changed_tokens,
        "changed_examples": sum(1 for e in data.examples if e.changed),
        "steps": len(done.plan),
        "loss_curve": losses,
        "final_loss": losses[-1] if losses else None,
        "train_tokens": tokens,
        "train_seconds": round(seconds, 3),
        "tokens_per_second": round(tokens / seconds, 1) if seconds else None,
        "padding_share": round(padding_share(done.plan, done.lengths), 4),
        "resumed_from_step": done.run.resumed_from,
        "precision": str(done.compute or next(base.model.parameters()).dtype).removeprefix("torch."),
        "device": str(base.device),
        "torch_threads": torch.get_num_threads(),
        "versions": {name: version(name) for name in ("torch", "transformers", "peft")},
    }
