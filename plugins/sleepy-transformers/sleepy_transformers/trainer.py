"""The `lora` consolidator: trains one LoRA adapter per sleep on the backend's base model.

Light on purpose: the plugin registers it when plugins load, so torch is imported only when
`consolidate` runs (the loop lives in `sleepy_transformers.training`).
"""

from __future__ import annotations

import math
from typing import Any

from attrs import Attribute, frozen, validators

from sleepy import Registrar
from sleepy.config import option
from sleepy.consolidation import TrainingRequest, TrainingResult
from sleepy.errors import BackendError
from sleepy_transformers.sources.reference import DEFAULT_MODEL, parse_reference

PRECISIONS = ("auto", "float32", "bfloat16")
LLAMA_PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def _model_reference(_: Any, attribute: Attribute[str], value: str) -> None:
    try:
        parse_reference(value)
    except BackendError as exc:
        raise ValueError(f"'{attribute.name}' {exc}") from None


def _module_names(_: Any, attribute: Attribute[list[str]], value: list[str]) -> None:
    if not value or not all(isinstance(v, str) and v and v.replace("_", "a").isalnum() for v in value):
        raise ValueError(f"'{attribute.name}' must be a non-empty list of module names such as q_proj (got {value!r})")


def _fraction(_: Any, attribute: Attribute[float], value: float) -> None:
    if not (0.0 <= value < 1.0) or math.isnan(value):
        raise ValueError(f"'{attribute.name}' must be at least 0 and below 1 (got {value!r})")


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


class LoraTrainer:
    """Trains a fresh LoRA adapter on the dataset of one sleep; see `sleepy_transformers.training`."""

    def __init__(self, options: LoraOptions | None = None) -> None:
        self.options = options or LoraOptions()

    def consolidate(self, request: TrainingRequest, backend: Any) -> TrainingResult:
        """Train on `request.dataset_path`, resuming from its checkpoints; borrows `backend`'s model if it has one."""
        from sleepy_transformers.training.loop import train

        return train(request, backend, self.options)


def register_trainer(register: Registrar[Any]) -> None:
    """Add the `lora` consolidator to a `sleepy_register_consolidators` registrar."""
    register.add("lora", LoraTrainer, options=LoraOptions,
                 description="Plain LoRA: trains one adapter per sleep on the answer tokens (resumable, CPU-tuned).")
