"""Options of the `transformers` backend and the `lora` trainer. Light: imported when the plugin registers."""

from __future__ import annotations

import math
import re
from typing import Any

from attrs import Attribute, frozen, validators

from sleepy import BackendError, option
from sleepy_transformers.sources.reference import DEFAULT_MODEL, parse_reference

DTYPES = ("auto", "float32", "bfloat16", "float16")
PRECISIONS = ("auto", "float32", "bfloat16")
LLAMA_PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
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


def _module_names(_: Any, attribute: Attribute[list[str]], value: list[str]) -> None:
    if not value or not all(isinstance(v, str) and v and v.replace("_", "a").isalnum() for v in value):
        raise ValueError(f"'{attribute.name}' must be a non-empty list of module names such as q_proj (got {value!r})")


def _fraction(_: Any, attribute: Attribute[float], value: float) -> None:
    if not (0.0 <= value < 1.0) or math.isnan(value):
        raise ValueError(f"'{attribute.name}' must be at least 0 and below 1 (got {value!r})")


def _finite_non_negative(_: Any, attribute: Attribute[float], value: float) -> None:
    if not (0.0 <= value < math.inf):
        raise ValueError(f"'{attribute.name}' must be a finite number at least 0 (got {value!r})")


@frozen
class LoraOptions:
    """Options of the `lora` consolidator."""

    target_modules: list[str] = option(
        "Names of the linear layers to adapt (the last part of the module path); default: the attention and MLP "
        "projections of Llama-style models.", factory=lambda: list(LLAMA_PROJECTIONS), validator=_module_names)
    rank: int = option("LoRA rank r.", default=16, validator=validators.ge(1))
    alpha: float = option("LoRA alpha; the update is scaled by alpha / rank.", default=32.0,
                          validator=validators.gt(0))
    dropout: float = option("Dropout on the LoRA input while training (PEFT's default 0; at 0.05 the random masks "
                            "took about a tenth of a CPU training step when profiled).", default=0.0,
                            validator=_fraction)
    learning_rate: float = option("Peak learning rate of AdamW (linear warm-up, then linear decay to 0).",
                                  default=2e-4, validator=validators.gt(0))
    warmup_ratio: float = option("Share of the steps spent warming the learning rate up.", default=0.05,
                                 validator=_fraction)
    weight_decay: float = option("AdamW weight decay on the LoRA weights.", default=0.0, validator=validators.ge(0))
    max_grad_norm: float = option("Clip the gradient to this norm; 0: no clipping.", default=1.0,
                                  validator=validators.ge(0))
    epochs: int = option("Passes over the dataset.", default=2, validator=validators.ge(1))
    batch_size: int = option("Examples per forward pass (batched by similar length, right-padded).", default=4,
                             validator=validators.ge(1))
    max_batch_tokens: int = option(
        "Most positions (rows x longest row) in one forward pass: a batch over this runs as several passes with "
        "the same gradient, which bounds training memory (about 1 MiB per position for SmolLM2-135M in bfloat16, "
        "2 MiB in float32); an example longer than this runs alone. 0: no limit.",
        default=1024, validator=validators.ge(0))
    changed_token_weight: float = option(
        "Loss weight of answer tokens on lines that differ from the prompt's file (whole-file answers: lines not "
        "found unchanged in it; SEARCH/REPLACE answers: REPLACE lines that differ from their SEARCH), other answer "
        "tokens 1; each example's loss stays a mean over its answer tokens, weighted so, times its weight. A "
        "whole-file fix is mostly copied lines, which drown out the fix's few tokens. 1: the plain mean.",
        default=1.0, validator=_finite_non_negative, neutral=True)
    grad_accumulation: int = option("Forward passes per optimizer step.", default=1, validator=validators.ge(1))
    max_length: int = option("Examples longer than this many tokens (prompt + answer) are skipped and counted.",
                             default=2048, validator=validators.ge(16))
    max_steps: int | None = option("Stop after this many optimizer steps; unset: all epochs.", default=None,
                                   validator=validators.optional(validators.ge(1)))
    checkpoint_every: int = option(
        "Write a resumable checkpoint every this many optimizer steps (and always after the last); 0: only after "
        "the last.", default=25, validator=validators.ge(0))
    init_from_parent: bool = option(
        "Start from the active (parent) adapter's weights instead of a fresh adapter; its rank must equal `rank`.",
        default=False)
    precision: str = option(
        "Compute precision of training: auto (bfloat16 autocast where the hardware computes it natively: CUDA with "
        "bf16, or a CPU with AVX512-BF16/AMX, where it trained SmolLM2-135M about 2x faster; else float32), "
        "float32 or bfloat16. LoRA weights and optimizer state stay float32 either way.",
        default="auto", validator=validators.in_(PRECISIONS))
    threads: int = option("torch CPU threads while training (restored afterwards); 0 keeps the current setting.",
                          default=0, validator=validators.ge(0))
    model: str = option(
        "Base model to load when the backend holds no transformers model of its own (e.g. a serving backend); "
        "same references as the transformers backend's `model`.", default=DEFAULT_MODEL, validator=_model_reference)
