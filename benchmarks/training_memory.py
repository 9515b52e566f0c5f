"""Peak resident memory of one LoRA training step on the default model, by example length.

    python benchmarks/training_memory.py [--lengths 512 1024 1536 2048] [--answer 512] [--precision auto] [--sequence]

Each length runs in a forked child of a process that has already loaded the model, so a child's peak
(``VmHWM`` after resetting the mark) is the step's own: one example of that many tokens (random ids, the
last `--answer` of them the answer), the `lora` trainer's loss (`AnswerLoss`, answer positions only) and
backward through the default LoRA (rank 16 on the default target modules), exactly as `fit` runs a
micro-batch. The cycle's peak is the sleep's, and the sleep's is its longest example's step: this shows
how that grows with length, and so which `max_length` keeps a cycle under 4 GiB.

`--sequence` runs every length one after another in one child instead (an epoch's mix of lengths): a peak
above the longest length's own, and the resident size after each step, are memory the allocator kept between
steps. Like the sleepy CLI, the benchmark first fixes glibc's mmap threshold (`sleepy.allocator`);
`--keep-malloc` leaves malloc as it is, for the comparison.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import torch
from cycle_memory import status_mib  # benchmarks/ is the script's directory, first on sys.path
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import LoraOptions, TransformersOptions
from sleepy_transformers.training.batches import AnswerLoss, collate
from sleepy_transformers.training.data import TokenizedExample
from sleepy_transformers.training.loop import autocast_dtype
from sleepy_transformers.training.lora import LoraHooks, find_targets

from sleepy.allocator import return_freed_memory


def one_step(model: object, length: int, answer: int, precision: str) -> None:
    """In a child: reset the peak mark, run one training micro-batch of `length` tokens, print the peak."""
    Path("/proc/self/clear_refs").write_text("5")
    before = status_mib("VmRSS")
    options = LoraOptions()
    _lora = LoraHooks(find_targets(model, options.target_modules), rank=options.rank, alpha=options.alpha,  # hooked
                      dropout=options.dropout, seed=0)
    step(model, length, answer, precision)
    print(f"{length:>6} tokens: peak {status_mib('VmHWM'):7.0f} MiB (RSS before the step {before:.0f} MiB)",
          flush=True)


def step(model: object, length: int, answer: int, precision: str) -> None:
    generator = torch.Generator().manual_seed(length)
    ids = tuple(int(i) for i in torch.randint(100, 40000, (length,), generator=generator))
    batch = collate([TokenizedExample(ids, length - answer, 1.0, 1)], 0, torch.device("cpu"))
    compute = autocast_dtype(precision, torch.device("cpu"))
    with torch.enable_grad(), torch.autocast("cpu", dtype=compute, enabled=compute is not None):
        loss = AnswerLoss(model)(batch)
    loss.backward()  # type: ignore[no-untyped-call]


def sequence(model: object, lengths: list[int], answer: int, precision: str) -> None:
    """In a child: every length in turn with one LoRA, as an epoch would; the peak and RSS after each."""
    Path("/proc/self/clear_refs").write_text("5")
    options = LoraOptions()
    _lora = LoraHooks(find_targets(model, options.target_modules), rank=options.rank, alpha=options.alpha,  # hooked
                      dropout=options.dropout, seed=0)
    cpu = 0.0
    for length in lengths:
        started = time.process_time()
        step(model, length, min(answer, length - 1), precision)
        cpu += time.process_time() - started
        print(f"{length:>6} tokens: peak so far {status_mib('VmHWM'):7.0f} MiB, RSS after {status_mib('VmRSS'):.0f} "
              "MiB", flush=True)
    print(f"CPU seconds of the steps: {cpu:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[512, 1024, 1536, 2048])
    parser.add_argument("--answer", type=int, default=512)
    parser.add_argument("--precision", default="auto", choices=["auto", "float32", "bfloat16"])
    parser.add_argument("--sequence", action="store_true", help="all lengths in turn in one child")
    parser.add_argument("--keep-malloc", action="store_true",
                        help="leave glibc's malloc as it is (the CLI fixes its mmap threshold: sleepy.allocator)")
    args = parser.parse_args()
    tuned = False if args.keep_malloc else return_freed_memory()
    loaded = TransformersBackend(TransformersOptions(offline=True)).load()
    model = loaded.model
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    print(f"malloc's mmap threshold fixed at 128 KiB: {tuned}; model loaded: RSS {status_mib('VmRSS'):.0f} MiB; "
          "compute "
          f"{autocast_dtype(args.precision, torch.device('cpu')) or torch.float32}", flush=True)
    if args.sequence:
        pid = os.fork()
        if pid == 0:
            try:
                sequence(model, args.lengths, args.answer, args.precision)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        return
    for length in args.lengths:
        pid = os.fork()
        if pid == 0:
            try:
                one_step(model, length, min(args.answer, length - 1), args.precision)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
