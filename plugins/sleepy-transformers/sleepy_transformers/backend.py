"""The `transformers` backend: a chat model in this process, with LoRA adapters switched in place."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from attrs import frozen

from sleepy import BackendError, Completion, CompletionRequest
from sleepy_transformers.adapters import AdapterSlots
from sleepy_transformers.errors import ContextLengthError
from sleepy_transformers.generation import encode_chat, generate
from sleepy_transformers.lookup import lookup_generate
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.sources.reference import ModelFiles
from sleepy_transformers.sources.resolve import resolve_model

log = logging.getLogger(__name__)

_DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}
_FALLBACK_CONTEXT = 2048


@frozen
class LoadedModel:
    """What loading produced: files, model, tokenizer, where it runs and how long loading took."""

    files: ModelFiles
    model: Any
    tokenizer: Any
    device: str
    dtype: str
    context_tokens: int
    seconds: float


def pick_device(requested: str) -> str:
    """auto: cuda when torch sees a GPU, else cpu; an explicit cuda without one is an error."""
    has_cuda = torch.cuda.is_available()
    if requested == "auto":
        return "cuda" if has_cuda else "cpu"
    if requested.startswith("cuda") and not has_cuda:
        raise BackendError(f"device {requested} requested but torch {torch.__version__} sees no CUDA GPU; "
                           f"set device: cpu (or auto)")
    return requested


def pick_dtype(requested: str, device: str) -> str:
    """auto: float32 on CPU (fast, exact kernels there), bfloat16 on CUDA."""
    if requested == "auto":
        return "float32" if device == "cpu" else "bfloat16"
    return requested


class TransformersBackend:
    """Answers chat requests with a transformers causal LM; loads the model on first use.

    Greedy requests are batched (left padding) by ``complete_many`` and decoded with prompt-lookup
    drafts (`lookup.lookup_generate`), or with plain ``model.generate`` when prompt_lookup is off.
    Sampled requests are generated one by one, each under its own seed.
    """

    def __init__(self, options: TransformersOptions | None = None) -> None:
        self.options = options or TransformersOptions()
        self._loaded: LoadedModel | None = None
        self._adapters: AdapterSlots | None = None

    @classmethod
    def from_options(cls, options: TransformersOptions) -> TransformersBackend:
        """The registered factory: builds the backend without loading anything yet."""
        return cls(options)

    # --- loading --------------------------------------------------------------------------------

    def load(self) -> LoadedModel:
        """Resolve, fetch or convert (first time only) and load the model; later calls return it."""
        if self._loaded is None:
            self._loaded = self._load()
            self._adapters = AdapterSlots(self._loaded.model)
        return self._loaded

    def _load(self) -> LoadedModel:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        opts = self.options
        device = pick_device(opts.device)
        dtype = pick_dtype(opts.dtype, device)
        kwargs: dict[str, Any] = {"dtype": _DTYPES[dtype]}
        if opts.load_in_4bit:
            kwargs.update(_four_bit(device, _DTYPES[dtype]))
        if opts.threads:
            torch.set_num_threads(opts.threads)
        started = time.perf_counter()
        files = resolve_model(opts.model, cache_dir=opts.cache_dir, offline=opts.offline)
        try:
            tokenizer: Any = AutoTokenizer.from_pretrained(files.path, local_files_only=True)
            model: Any = AutoModelForCausalLM.from_pretrained(files.path, local_files_only=True, **kwargs)
        except Exception as exc:
            raise BackendError(f"model files in {files.path} could not be loaded ({type(exc).__name__}: "
                               f"{_first_line(exc)}); if this is a cached conversion, delete that directory to "
                               f"rebuild it") from exc
        if not opts.load_in_4bit:
            model.to(device)
        model.eval()
        limit = opts.context_tokens or _model_context(model, tokenizer)
        seconds = time.perf_counter() - started
        log.info("loaded %s (%s, %s on %s) in %.1f s", opts.model, files.path, dtype, device, seconds)
        return LoadedModel(files, model, tokenizer, device, dtype, limit, seconds)

    # --- the Backend protocol -------------------------------------------------------------------

    def complete(self, request: CompletionRequest) -> Completion:
        return self.complete_many([request])[0]

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        if not requests:
            return []
        loaded = self.load()
        prompts = [encode_chat(loaded.tokenizer, r.messages) for r in requests]
        budgets = [self._budget(len(p), r.params.max_new_tokens, loaded)
                   for p, r in zip(prompts, requests, strict=True)]
        results: list[Completion | None] = [None] * len(requests)
        greedy = sorted((i for i, r in enumerate(requests) if r.params.temperature <= 0),
                        key=lambda i: len(prompts[i]))
        groups = [greedy[at:at + self.options.batch_size] for at in range(0, len(greedy), self.options.batch_size)]
        groups += [[i] for i, r in enumerate(requests) if r.params.temperature > 0]
        for group in groups:
            batch = ([prompts[i] for i in group], [requests[i].params for i in group], [budgets[i] for i in group])
            if self.options.prompt_lookup and requests[group[0]].params.temperature <= 0:
                done = lookup_generate(loaded.model, loaded.tokenizer, *batch,
                                       draft_tokens=self.options.prompt_lookup_tokens,
                                       stop_at_fence=self.options.stop_at_fence)
            else:
                done = generate(loaded.model, loaded.tokenizer, *batch, stop_at_fence=self.options.stop_at_fence)
            for i, completion in zip(group, done, strict=True):
                results[i] = completion
        return [r for r in results if r is not None]

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": "transformers", "model": self.options.model,
                                "adapter_id": self.active_adapter}
        if self._loaded is not None:
            info.update(reference=self._loaded.files.reference, digest=self._loaded.files.digest,
                        device=self._loaded.device, dtype=self._loaded.dtype)
        return info

    def _budget(self, prompt_tokens: int, requested: int, loaded: LoadedModel) -> int:
        if prompt_tokens >= loaded.context_tokens:
            raise ContextLengthError(prompt_tokens, loaded.context_tokens, self.options.model)
        return min(requested, self.options.max_new_tokens, loaded.context_tokens - prompt_tokens)

    # --- adapters -------------------------------------------------------------------------------

    @property
    def active_adapter(self) -> str | None:
        """The adapter replies come from, or None for the base model."""
        return self._adapters.active if self._adapters is not None else None

    @property
    def adapters(self) -> dict[str, Path]:
        """Loaded adapters by name, with the directory each came from."""
        return self._adapters.loaded if self._adapters is not None else {}

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Attach the PEFT (LoRA) adapter saved in `path` as `name`; it is not activated."""
        self.load()
        assert self._adapters is not None
        self._adapters.load(path, name)

    def set_adapter(self, name: str | None) -> None:
        """Answer with adapter `name` from now on; None: the base model alone."""
        self.load()
        assert self._adapters is not None
        self._adapters.set(name)

    def unload_adapter(self, name: str) -> None:
        """Detach adapter `name` and free its weights."""
        self.load()
        assert self._adapters is not None
        self._adapters.unload(name)


def _four_bit(device: str, compute_dtype: torch.dtype) -> dict[str, Any]:
    if not device.startswith("cuda"):
        raise BackendError("load_in_4bit needs a CUDA GPU (bitsandbytes 4-bit kernels) and this machine has none; "
                           "set load_in_4bit: false")
    try:
        import bitsandbytes  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        raise BackendError("load_in_4bit needs bitsandbytes: pip install 'sleepy-transformers[cuda4bit]'") from None
    from transformers import BitsAndBytesConfig

    config: Any = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",  # type: ignore[no-untyped-call]
                                     bnb_4bit_compute_dtype=compute_dtype)
    return {"quantization_config": config, "device_map": {"": device}}


def _model_context(model: Any, tokenizer: Any) -> int:
    for value in (getattr(model.config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)):
        if isinstance(value, int) and 0 < value < 10_000_000:
            return value
    return _FALLBACK_CONTEXT


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no message"
