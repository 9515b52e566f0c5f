from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny import build_model, write_gguf

pytest_plugins = ["sleepy.testing"]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama chat model in transformers format (built once per session)."""
    directory = tmp_path_factory.mktemp("tiny-model")
    build_model(directory)
    return directory


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    """The tiny model as an F32 GGUF file."""
    return write_gguf(tiny_model_dir, tmp_path_factory.mktemp("gguf") / "tiny-chat.F32.gguf")


@pytest.fixture
def sleepy_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty model cache that the default cache location points to."""
    cache = tmp_path / "sleepy-cache"
    monkeypatch.setenv("SLEEPY_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(autouse=True)
def _keep_torch_threads() -> Iterator[None]:
    import torch

    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)
