"""The base model a training run borrows: the backend's loaded model when it has one, else one loaded here.

Borrowing changes nothing the backend can observe once training ends: its active adapter is switched
off while training (the new adapter must learn on the base weights alone) and switched back on, and
every parameter's ``requires_grad`` and the model's train/eval mode are restored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
from attrs import frozen

from sleepy_transformers.options import LoraOptions

log = logging.getLogger(__name__)


@frozen
class BaseModel:
    """A loaded causal LM, its tokenizer, and the base model id adapters trained on it are tagged with."""

    model: Any
    tokenizer: Any
    name: str  # the backend's describe()["model"], which adapter validation compares against
    digest: str | None  # content digest of the model files, where the source knows one
    device: torch.device


def _lends_model(backend: Any) -> bool:
    return callable(getattr(backend, "load", None)) and callable(getattr(backend, "describe", None)) \
        and backend.describe().get("backend") == "transformers"


@contextmanager
def borrow_base_model(backend: Any, options: LoraOptions) -> Iterator[BaseModel]:
    """Lend `backend`'s model for the duration of a training run (or load `options.model` if it has none)."""
    if not _lends_model(backend):
        from sleepy_transformers.backend import TransformersBackend
        from sleepy_transformers.options import TransformersOptions

        log.info("backend %s holds no transformers model: loading %s for training",
                 type(backend).__name__, options.model)
        backend = TransformersBackend(TransformersOptions(model=options.model, threads=options.threads))
    loaded = backend.load()
    info = backend.describe()
    model = loaded.model
    previous = getattr(backend, "active_adapter", None)
    flags = [(p, p.requires_grad) for p in model.parameters()]
    was_training = model.training
    if previous is not None:
        backend.set_adapter(None)
    try:
        for parameter, _ in flags:
            parameter.requires_grad_(False)  # no gradient is ever computed for a base weight
        model.eval()  # LoRA dropout is the trainer's own; the base runs as it does when generating
        yield BaseModel(model, loaded.tokenizer, str(info["model"]), info.get("digest"),
                        next(model.parameters()).device)
    finally:
        for parameter, flag in flags:
            parameter.requires_grad_(flag)
        model.train(was_training)
        if previous is not None:
            backend.set_adapter(previous)
