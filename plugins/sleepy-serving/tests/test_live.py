"""Contract tests against real servers on loopback. Skipped, with the reason, unless one is installed and up.

Point them at a server with SLEEPY_LIVE_<KIND>_URL and _MODEL (KIND: OLLAMA, VLLM, LLAMACPP, TGI,
OPENAI); SLEEPY_LIVE_VLLM_ADAPTER (a PEFT directory the server can read) adds the adapter round trip.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import httpx
import pytest
from fakes import chat_request
from sleepy_serving.base import ServerBackend
from sleepy_serving.llamacpp import LlamaCppBackend
from sleepy_serving.ollama import OllamaBackend
from sleepy_serving.openai_backend import OpenAIBackend
from sleepy_serving.options import LlamaCppOptions, OllamaOptions, OpenAIOptions, TGIOptions, VLLMOptions
from sleepy_serving.tgi import TGIBackend
from sleepy_serving.vllm import VLLMBackend

pytestmark = pytest.mark.live

SERVERS = {  # kind: (installed?, what is missing, default URL, health route)
    "ollama": (lambda: shutil.which("ollama") is not None, "no `ollama` on PATH", "http://127.0.0.1:11434",
               "/api/version"),
    "vllm": (lambda: importlib.util.find_spec("vllm") is not None, "the `vllm` package is not installed",
             "http://127.0.0.1:8000", "/health"),
    "llamacpp": (lambda: shutil.which("llama-server") is not None, "no `llama-server` on PATH",
                 "http://127.0.0.1:8080", "/health"),
    "tgi": (lambda: shutil.which("text-generation-launcher") is not None, "no `text-generation-launcher` on PATH",
            "http://127.0.0.1:8080", "/health"),
    "openai": (lambda: "SLEEPY_LIVE_OPENAI_URL" in os.environ, "SLEEPY_LIVE_OPENAI_URL is not set",
               "http://127.0.0.1:8000", "/v1/models"),
}


def live(kind: str) -> tuple[str, str]:
    """(url, model) of a running server of `kind`, or a skip saying why there is none."""
    installed, missing, default_url, health = SERVERS[kind]
    url = os.environ.get(f"SLEEPY_LIVE_{kind.upper()}_URL", default_url)
    if "SLEEPY_LIVE_" + kind.upper() + "_URL" not in os.environ and not installed():
        pytest.skip(f"{kind} is not installed here ({missing}); set SLEEPY_LIVE_{kind.upper()}_URL to test one")
    try:
        status = httpx.get(url.rstrip("/") + health, timeout=2).status_code
    except httpx.HTTPError as exc:
        pytest.skip(f"no {kind} server answers at {url} ({type(exc).__name__})")
    if status != 200:
        pytest.skip(f"{kind} at {url} is not ready ({health} answered {status})")
    model = os.environ.get(f"SLEEPY_LIVE_{kind.upper()}_MODEL", "")
    if not model and kind in ("ollama", "vllm", "openai"):
        pytest.skip(f"set SLEEPY_LIVE_{kind.upper()}_MODEL to a model the {kind} server has")
    return url, model


def build(kind: str) -> ServerBackend:
    url, model = live(kind)
    common = {"base_url": url, "read_timeout": 300.0}
    if kind == "ollama":
        return OllamaBackend(OllamaOptions(model=model, num_ctx=2048, **common))
    if kind == "vllm":
        return VLLMBackend(VLLMOptions(model=model, **common))
    if kind == "llamacpp":
        return LlamaCppBackend(LlamaCppOptions(model=model or "llama", **common))
    if kind == "tgi":
        return TGIBackend(TGIOptions(**common))
    return OpenAIBackend(OpenAIOptions(model=model, **common))


@pytest.mark.parametrize("kind", list(SERVERS))
def test_same_seed_same_reply(kind):
    backend = build(kind)
    request = chat_request("Write a Rust function that adds two i32.", max_new_tokens=24, seed=5)
    first, second = backend.complete_many([request, request])
    assert first.text and first.text == second.text
    assert first.tokens_out > 0


def test_vllm_adapter_round_trip():
    backend = build("vllm")
    adapter = os.environ.get("SLEEPY_LIVE_VLLM_ADAPTER")
    if not adapter:
        pytest.skip("set SLEEPY_LIVE_VLLM_ADAPTER to a PEFT LoRA directory the vLLM server can read")
    backend.load_adapter(Path(adapter), "live-adapter")
    backend.set_adapter("live-adapter")
    assert backend.complete(chat_request(max_new_tokens=8)).text
    backend.unload_adapter("live-adapter")
