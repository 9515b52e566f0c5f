"""What the live tests share: a free loopback port, a server process that is waited for, and a small LoRA
that the project's own `lora` trainer teaches a visible habit (opening every answer with MARKER)."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

MARKER = "Pineapple"
QUESTIONS = ["What is the capital of France?", "Name a primary colour.", "How many legs has a spider?",
             "What does CPU stand for?", "Which planet is closest to the Sun?", "What is 7 times 6?",
             "Who wrote Hamlet?", "What is the boiling point of water?"]
PROBE = "What is the largest ocean on Earth?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server_process(command: Sequence[str], ready_url: str, log_path: Path, *, deadline_s: float,
                   env: Mapping[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start `command`, wait until `ready_url` answers 200 (failing with the log's tail), stop it afterwards."""
    with log_path.open("w") as log:
        process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + deadline_s
        while True:
            try:
                if httpx.get(ready_url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{' '.join(command[:3])} did not come up within {deadline_s:.0f} s:\n"
                            f"{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def write_run_config(path: Path, backend: str, base_url: str, model: str, extra: str = "") -> Path:
    """A sleepy run config against a live server: one reply per koan, two koans at a time, plus `extra` YAML."""
    path.write_text("seed: 0\n"
                    f"backend:\n  name: {backend}\n  options:\n    base_url: {base_url}\n    model: {model}\n"
                    "    read_timeout: 600\n"
                    "tasks:\n  name: koans\n"
                    "agent:\n  max_steps: 1\n  max_new_tokens: 600\n  concurrency: 2\n" + extra, encoding="utf-8")
    return path


def train_marker_adapter(backend: Any, root: Path) -> Path:
    """A rank-8 LoRA on the backend's base model, trained (float32, seed 0) to answer MARKER to anything."""
    from sleepy_transformers.trainer import LoraOptions, LoraTrainer

    from sleepy.consolidation import TrainingRequest

    lines = [json.dumps({"messages": [{"role": "system", "content": "You are a helpful assistant."},
                                      {"role": "user", "content": q},
                                      {"role": "assistant", "content": f"{MARKER}! {MARKER}!"}],
                         "weight": 1.0, "source": "reference", "task_id": f"q{i}"}) + "\n"
             for i, q in enumerate(QUESTIONS)]
    data = root / "data.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    request = TrainingRequest(data, hashlib.sha256(data.read_bytes()).hexdigest(), root / "peft", root / "ckpt",
                              seed=0)
    options = LoraOptions(rank=8, alpha=16.0, epochs=12, batch_size=4, learning_rate=2e-3, checkpoint_every=0,
                          precision="float32")
    return Path(LoraTrainer(options).consolidate(request, backend).adapter_dir)
