"""Tokens per second of the in-process `transformers` backend on a realistic fix-the-koan prompt.

    python benchmarks/generation_speed.py [--model smollm2-135m-instruct] [--requests 8] [--repeats 2]
                                          [--max-new-tokens 400] [--only NAME,NAME | --all]

Each request is a real koan (a 20-40 line Rust file with one bug) plus rustc's error for it, and asks
for the whole fixed file in one ```rust block, so a reply mostly repeats its input. Every setup
answers the same requests greedily; tokens/s is total reply tokens over total wall time (so for a
batch, the aggregate). Setups run interleaved, ``--repeats`` rounds, and the median round is shown,
so load from other work on the machine hits all alike. Needs `pip install -e plugins/sleepy-transformers`.

Setups (default: the first six; ``--all`` adds the rest):
  plain            one request at a time, model.generate with its KV cache, nothing else
  hf-lookup        one at a time, model.generate(prompt_lookup_num_tokens=10) (transformers' own)
  lookup           one at a time, sleepy's prompt-lookup decoder (lookup.py)
  batched          all requests in one left-padded model.generate batch
  lookup-batched   all requests in one batch with sleepy's prompt-lookup decoder
  backend          TransformersBackend.complete_many with the default options (what the agent gets)
  *-t1             the same on one thread (torch.set_num_threads(1)): slower on an idle machine, but
                   2 threads collapse when another process takes a core, and 1 thread does not
  bf16-*           the same with bfloat16 weights (half the memory traffic; replies may differ)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.generation import encode_chat, generate
from sleepy_transformers.lookup import lookup_generate
from sleepy_transformers.options import TransformersOptions

from sleepy.records import CompletionRequest, Message, SamplingParams

KOANS = Path(__file__).resolve().parent.parent / "koans"
PICKS = ["borrow/borrow_01", "closures/closures_02", "generics/generics_03", "iterators/iterators_04",
         "lifetimes/lifetimes_02", "matching/matching_03", "moves/moves_05", "mutability/mutability_02"]
FALLBACK_KOAN = """\
pub struct Inventory {
    bins: Vec<u32>,
}

impl Inventory {
    pub fn new(n: usize) -> Self {
        Inventory { bins: vec![0; n] }
    }

    pub fn add(&mut self, bin: usize, amount: u32) {
        self.bins[bin] += amount;
    }

    /// Moves `amount` from bin `from` to bin `to`, if `from` holds enough.
    pub fn transfer(&mut self, from: usize, to: usize, amount: u32) -> bool {
        let source = &mut self.bins[from];
        let target = &mut self.bins[to];
        if *source < amount {
            return false;
        }
        *source -= amount;
        *target += amount;
        true
    }

    pub fn total(&self) -> u32 {
        self.bins.iter().sum()
    }
}
"""
FALLBACK_ERROR = "error[E0499]: cannot borrow `self.bins` as mutable more than once at a time"


def rustc_error(source: str) -> str | None:
    """The first error rustc reports for `source` (human format, at most 20 lines), if rustc is here."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "lib.rs").write_text(source)
        try:
            done = subprocess.run(["rustc", "--edition", "2021", "--crate-type", "lib", "--test", "-o",
                                   str(Path(tmp, "out")), "lib.rs"], cwd=tmp, capture_output=True, text=True,
                                  timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
    lines = done.stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("error")]
    if not starts:
        return None
    end = next((i for i in range(starts[0] + 1, len(lines)) if lines[i].startswith(("error", "warning"))),
               len(lines))
    return "\n".join(lines[starts[0]:min(end, starts[0] + 20)]).rstrip()


def koan_requests(count: int, max_new_tokens: int) -> list[CompletionRequest]:
    """`count` fix-this-file requests, one koan each (cycling through the picks)."""
    cases = []
    for pick in PICKS:
        path = KOANS / pick / "lib.rs"
        if path.is_file():
            source = path.read_text()
            cases.append((source, rustc_error(source) or FALLBACK_ERROR))
    cases = cases or [(FALLBACK_KOAN, FALLBACK_ERROR)]
    requests = []
    for i in range(count):
        source, error = cases[i % len(cases)]
        prompt = (f"Fix this Rust file so that it compiles and its tests pass.\n\n```rust\n{source}```\n\n"
                  f"rustc says:\n```\n{error}\n```\n\nReply with the whole fixed file in one ```rust block.")
        requests.append(CompletionRequest((Message("user", prompt),), SamplingParams(max_new_tokens=max_new_tokens)))
    return requests


Setup = Callable[[list[CompletionRequest]], list[Any]]


def direct(backend: TransformersBackend, *, batch: bool, lookup: str, threads: int) -> Setup:
    """Generate on the backend's loaded model with one trick at a time (lookup: "", "hf" or "ours")."""

    def run(requests: list[CompletionRequest]) -> list[Any]:
        torch.set_num_threads(threads)
        loaded = backend.load()
        prompts = [encode_chat(loaded.tokenizer, r.messages) for r in requests]
        budgets = [r.params.max_new_tokens for r in requests]
        params = [r.params for r in requests]
        groups = [list(range(len(requests)))] if batch else [[i] for i in range(len(requests))]
        done: list[Any] = []
        for group in groups:
            args = (loaded.model, loaded.tokenizer, [prompts[i] for i in group], [params[i] for i in group],
                    [budgets[i] for i in group])
            if lookup == "ours":
                done += lookup_generate(*args, draft_tokens=8)
            else:
                done += generate(*args, prompt_lookup_tokens=10 if lookup == "hf" else 0)
        return done

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="smollm2-135m-instruct")
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--max-new-tokens", type=int, default=400)
    parser.add_argument("--only", default="", help="comma-separated setup names")
    parser.add_argument("--all", action="store_true", help="every setup, bf16 and one-thread variants included")
    args = parser.parse_args()

    cores = torch.get_num_threads()
    started = time.perf_counter()
    fp32 = TransformersBackend(TransformersOptions(model=args.model, dtype="float32"))
    fp32.load()
    bf16 = TransformersBackend(TransformersOptions(model=args.model, dtype="bfloat16"))
    bf16.load()
    print(f"model {args.model}: loaded twice (float32, bfloat16) in {time.perf_counter() - started:.1f} s; "
          f"torch {torch.__version__}, {cores} threads by default")
    default = TransformersBackend(TransformersOptions(model=args.model))
    default._loaded, default._adapters = fp32._loaded, fp32._adapters  # share the weights: same options otherwise

    def backend(threads: int) -> Setup:
        def run(requests: list[CompletionRequest]) -> list[Any]:
            torch.set_num_threads(threads)
            return default.complete_many(requests)

        return run

    tricks = {"plain": (False, ""), "hf-lookup": (False, "hf"), "lookup": (False, "ours"), "batched": (True, ""),
              "lookup-batched": (True, "ours")}
    setups: dict[str, Setup] = {}
    for prefix, weights in (("", fp32), ("bf16-", bf16)):
        for suffix, threads in (("", cores), ("-t1", 1)):
            for name, (batch, lookup) in tricks.items():
                setups[prefix + name + suffix] = direct(weights, batch=batch, lookup=lookup, threads=threads)
    setups["backend"], setups["backend-t1"] = backend(cores), backend(1)
    chosen = args.only.split(",") if args.only else list(setups) if args.all else [*tricks, "backend"]
    setups = {name: setups[name] for name in chosen}
    requests = koan_requests(args.requests, args.max_new_tokens)
    tokens_in = [len(encode_chat(fp32.load().tokenizer, r.messages)) for r in requests]
    print(f"{len(requests)} requests, prompts of {min(tokens_in)}-{max(tokens_in)} tokens, "
          f"max_new_tokens {args.max_new_tokens}, {args.repeats} rounds; load average {_load()}\n")

    rates: dict[str, list[float]] = {name: [] for name in setups}
    outputs: dict[str, list[str]] = {}
    for round_ in range(args.repeats):
        for name, setup in setups.items():
            begun = time.perf_counter()
            done = setup(requests)
            seconds = time.perf_counter() - begun
            tokens = sum(c.tokens_out for c in done)
            rates[name].append(tokens / seconds)
            outputs.setdefault(name, [c.text for c in done])
            print(f"  round {round_ + 1} {name:20s} {tokens:5d} tokens {seconds:6.1f} s {tokens / seconds:6.1f} tok/s",
                  flush=True)
    torch.set_num_threads(cores)

    print(f"\nload average at the end {_load()}")
    first = next(iter(setups))
    print(f"\n{'setup':20s} {'tok/s (median)':>15s} {'min':>6s} {'max':>6s}  replies equal to {first}'s")
    for name, values in rates.items():
        same = sum(a == b for a, b in zip(outputs[name], outputs[first], strict=True))
        print(f"{name:20s} {statistics.median(values):15.1f} {min(values):6.1f} {max(values):6.1f}  "
              f"{same}/{len(requests)}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
