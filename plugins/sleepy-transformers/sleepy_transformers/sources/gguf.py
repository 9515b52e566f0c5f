"""The `gguf` source: a local .gguf file, dequantized once into a cached safetensors model."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sleepy_transformers.errors import ModelSourceError
from sleepy_transformers.sources.cache import ModelCache, sha256_file
from sleepy_transformers.sources.reference import ModelFiles

log = logging.getLogger(__name__)


def cache_key(digest: str) -> str:
    """Entries are keyed by the GGUF's content, so every route to the same file shares one entry."""
    return f"gguf-{digest[:24]}"


def convert_gguf(gguf: Path, destination: Path) -> None:
    """Dequantize `gguf` with transformers and write config, float32 safetensors and tokenizer files.

    ``save_pretrained`` refuses a GGUF-loaded model, so the state dict and config are written here.
    """
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    except Exception as exc:  # transformers and gguf raise many types for unreadable files
        raise ModelSourceError(
            f"{gguf} could not be read as a GGUF model ({type(exc).__name__}: {_first_line(exc)}); "
            f"re-download the file, or check that transformers supports its architecture") from exc
    state = model.state_dict()
    seen: dict[int, str] = {}
    tensors = {}
    for name, tensor in state.items():
        if tensor.data_ptr() in seen:  # tied weights (lm_head = embed_tokens): stored once, re-tied on load
            continue
        seen[tensor.data_ptr()] = name
        tensors[name] = tensor.detach().contiguous()
    save_file(tensors, str(destination / "model.safetensors"), metadata={"format": "pt"})
    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the cached weights are plain float32
    if not config.architectures:  # a GGUF-loaded config lacks it; tools reading config.json (vLLM, exports) need it
        config.architectures = [type(model).__name__]
    config.save_pretrained(destination)
    model.generation_config.save_pretrained(destination)
    tokenizer.save_pretrained(destination)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no message"


def ensure_converted(gguf: Path, digest: str, cache: ModelCache, origin: str) -> Path:
    """The cached conversion of `gguf` (whose sha256 is `digest`), converting it first if needed."""
    key = cache_key(digest)
    found = cache.lookup(key)
    if found is not None:
        return found
    log.warning("converting %s to safetensors in %s (once; about 20 s for a 135M model)", gguf.name, cache.root)
    started = time.perf_counter()
    with cache.build(key, origin) as tmp:
        convert_gguf(gguf, tmp)
    log.info("converted %s in %.1f s", gguf.name, time.perf_counter() - started)
    return cache.entry(key)


class GgufSource:
    """Resolves ``gguf:FILE.gguf`` to a cached, dequantized model directory."""

    def __init__(self, cache: ModelCache) -> None:
        self.cache = cache

    def resolve(self, reference: str) -> ModelFiles:
        path = Path(reference).expanduser().resolve()
        if not path.is_file():
            raise ModelSourceError(f"GGUF file {path} does not exist; check the path in the backend's model option")
        digest = sha256_file(path)
        return ModelFiles(ensure_converted(path, digest, self.cache, f"gguf:{path}"), f"gguf:{path}", digest)
