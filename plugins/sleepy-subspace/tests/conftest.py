from __future__ import annotations

import pytest
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import TransformersOptions
from test_consolidators import Toy

pytest_plugins = ["sleepy.testing"]


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Toy:
    """A tiny Llama-style model and tokenizer, built and saved by the test run (no download)."""
    return Toy(tmp_path_factory.mktemp("toy"))


@pytest.fixture(scope="module")
def backend(toy: Toy) -> TransformersBackend:
    backend = TransformersBackend(TransformersOptions(model=f"local:{toy.model_dir}", device="cpu"))
    backend.load()
    return backend
