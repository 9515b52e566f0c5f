"""Training tokens/s of the `lora` trainer vs a plain `transformers.Trainer` + PEFT on the same data and model.

    python benchmarks/training_speed.py [--model tiny|smollm2] [--examples 48] [--epochs 1] [--rounds 2]

- data: the repository's koans as the curator writes reference fixes (system + user prompt with the buggy
  file, answer = the fixed file), tokenized once, identically for every contender.
- lora: ``LoraTrainer.consolidate`` end to end (tokenizing, planning, training, checkpoint, writing the
  adapter), borrowing the model from a `transformers` backend, with its default `precision: auto`
  (bfloat16 autocast on a CPU with AVX512-BF16/AMX, else float32); lora-fp32 forces float32.
- trainer: ``transformers.Trainer`` on ``peft.get_peft_model`` with the same LoRA settings, batch size,
  schedule and answer-only labels (prompt masked with -100), ``DataCollatorForSeq2Seq`` padding; timed
  around ``trainer.train()`` only. trainer-bf16 adds ``bf16=True`` (the Trainer's own CPU autocast).
- trainer+group: the float32 trainer with ``train_sampling_strategy="group_by_length"``, to show what
  length grouping alone buys.

Tokens/s counts the real (unpadded) prompt + answer tokens processed per second of wall time; tok/CPU-s
per second of this process's CPU time, which other work on a shared machine disturbs less. The
contenders take turns each round, so that load from other work hits all alike; best and median are
printed, and the ratios of the bests: like for like (same precision), and lora as configured by
default vs the trainer as configured by default. Target: lora >= 1.5x trainer. `--model smollm2`
needs the default model already converted in the sleepy cache (run the transformers backend once).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from attrs import evolve
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.generation import eos_ids
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.trainer import LoraOptions, LoraTrainer
from sleepy_transformers.training.data import tokenize_dataset
from sleepy_transformers.training.loop import autocast_dtype
from sleepy_transformers.training.toy import build_toy_model, corpus_of

from sleepy.agent.prompts import build_messages, task_message
from sleepy.consolidation import TrainingRequest
from sleepy.curation.sources import reference_target
from sleepy.koans.loader import default_koans_dir, load_koans

CONTENDERS = ("lora", "lora-fp32", "trainer", "trainer-bf16", "trainer+group")


def koan_examples(n: int) -> list[dict[str, Any]]:
    """The first `n` koans as reference-fix training examples (whole-file replies)."""
    found = []
    for koan in load_koans(default_koans_dir())[:n]:
        feedback = f"error[{koan.meta.expected_failure}]: {koan.meta.description}"
        user = task_message(path="src/lib.rs", source=koan.buggy, feedback=feedback, reply_format="whole_file",
                            attempt=0)
        messages = [{"role": m.role, "content": m.content} for m in build_messages(user)]
        messages.append({"role": "assistant", "content": reference_target(koan.buggy, koan.fix, "whole_file")})
        found.append({"messages": messages, "weight": 1.0, "source": "reference", "task_id": koan.id})
    return found


Timing = tuple[int, float, float]
"""Tokens processed, wall seconds, CPU seconds (all threads of this process)."""


def ours(backend: TransformersBackend, data: Path, digest: str, options: LoraOptions, work: Path) -> Timing:
    run = Path(tempfile.mkdtemp(dir=work))
    request = TrainingRequest(data, digest, run / "adapter", run / "checkpoints", seed=0)
    started, cpu = time.perf_counter(), time.process_time()
    result = LoraTrainer(options).consolidate(request, backend)
    return int(result.metadata["train_tokens"]), time.perf_counter() - started, time.process_time() - cpu


def baseline(model_dir: Path, features: list[dict[str, list[int]]], options: LoraOptions, work: Path,
             strategy: str = "random", bf16: bool = False) -> Timing:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer, DataCollatorForSeq2Seq, Trainer, TrainingArguments

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32), LoraConfig(
        r=options.rank, lora_alpha=int(options.alpha), lora_dropout=options.dropout,
        target_modules=list(options.target_modules), task_type="CAUSAL_LM"))
    args = TrainingArguments(
        output_dir=tempfile.mkdtemp(dir=work), per_device_train_batch_size=options.batch_size,
        gradient_accumulation_steps=options.grad_accumulation, num_train_epochs=options.epochs,
        learning_rate=options.learning_rate, lr_scheduler_type="linear", warmup_steps=options.warmup_ratio,
        max_grad_norm=options.max_grad_norm, weight_decay=options.weight_decay, logging_strategy="no",
        save_strategy="no", report_to=[], use_cpu=True, seed=0, dataloader_num_workers=0,
        remove_unused_columns=False, disable_tqdm=True, train_sampling_strategy=strategy, bf16=bf16)
    trainer = Trainer(model=model, args=args, train_dataset=features,
                      data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100))
    started, cpu = time.perf_counter(), time.process_time()
    trainer.train()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return sum(len(f["input_ids"]) for f in features) * options.epochs, seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=("tiny", "smollm2"), default="tiny")
    parser.add_argument("--examples", type=int, default=None, help="koans to train on (tiny: 64, smollm2: 16)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=None, help="turns per contender (tiny: 3, smollm2: 1)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads; 0 keeps torch's default")
    parser.add_argument("--contenders", default=None,
                        help=f"comma-separated, from {','.join(CONTENDERS)} (default tiny: all; smollm2: all but "
                             f"trainer+group)")
    args = parser.parse_args()
    small = args.model == "tiny"
    n = args.examples or (64 if small else 16)
    rounds = args.rounds or (3 if small else 1)
    if args.threads:
        torch.set_num_threads(args.threads)
    examples = koan_examples(n)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if small:
            model_dir = build_toy_model(work / "model", corpus_of(examples), vocab_size=2048, hidden_size=128,
                                        layers=4, heads=4, kv_heads=2)
            backend = TransformersBackend(TransformersOptions(model=f"local:{model_dir}", device="cpu"))
        else:
            backend = TransformersBackend(TransformersOptions(device="cpu", offline=True))
        loaded = backend.load()
        model_dir = loaded.files.path
        text = "".join(json.dumps(e) + "\n" for e in examples)
        data = work / "data.jsonl"
        data.write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        options = LoraOptions(epochs=args.epochs, batch_size=args.batch_size, checkpoint_every=0)
        tokenized = tokenize_dataset(data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer),
                                     options.max_length)
        features = [{"input_ids": list(e.ids), "attention_mask": [1] * len(e.ids),
                     "labels": [-100] * e.prompt_tokens + list(e.ids[e.prompt_tokens:])} for e in tokenized.examples]
        lengths = [len(f["input_ids"]) for f in features]
        print(f"model {args.model} ({model_dir}), {len(features)} koan examples, tokens/example "
              f"min {min(lengths)} median {int(statistics.median(lengths))} max {max(lengths)}, answer share "
              f"{sum(e.answer_tokens for e in tokenized.examples) / sum(lengths):.0%}, epochs {args.epochs}, "
              f"batch {args.batch_size}, torch threads {torch.get_num_threads()}")
        every: dict[str, Callable[[], Timing]] = {
            "lora": lambda: ours(backend, data, digest, options, work),
            "lora-fp32": lambda: ours(backend, data, digest, evolve(options, precision="float32"), work),
            "trainer": lambda: baseline(model_dir, features, options, work),
            "trainer-bf16": lambda: baseline(model_dir, features, options, work, bf16=True),
            "trainer+group": lambda: baseline(model_dir, features, options, work, "group_by_length"),
        }
        chosen = args.contenders.split(",") if args.contenders else \
            [c for c in CONTENDERS if small or c != "trainer+group"]
        contenders = {name: every[name] for name in chosen}
        compute = autocast_dtype(options.precision, torch.device("cpu"))
        print(f"lora's precision auto resolves to {compute or 'float32 (no autocast)'} on this machine")
        rates: dict[str, list[float]] = {name: [] for name in contenders}
        per_cpu: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, run in contenders.items():
                tokens, seconds, cpu = run()
                rates[name].append(tokens / seconds)
                per_cpu[name].append(tokens / cpu)
                print(f"  {name:14s} {tokens} tokens in {seconds:6.1f} s ({cpu:6.1f} CPU s): {tokens / seconds:8.0f} "
                      f"tok/s, {tokens / cpu:8.0f} tok/CPU-s", flush=True)
        print(f"{'contender':14s} {'best tok/s':>10s} {'median':>8s} {'best tok/CPU-s':>15s}")
        for name, values in rates.items():
            print(f"{name:14s} {max(values):10.0f} {statistics.median(values):8.0f} {max(per_cpu[name]):15.0f}")
        like_for_like = [("lora-fp32", "trainer"), ("lora", "trainer-bf16" if compute else "trainer"),
                         ("lora", "trainer"), ("lora-fp32", "trainer+group")]
        for mine, theirs in like_for_like:
            if rates.get(mine) and rates.get(theirs):
                print(f"{mine} / {theirs}: {max(rates[mine]) / max(rates[theirs]):.2f}x wall, "
                      f"{max(per_cpu[mine]) / max(per_cpu[theirs]):.2f}x CPU time")

if __name__ == "__main__":
    main()
