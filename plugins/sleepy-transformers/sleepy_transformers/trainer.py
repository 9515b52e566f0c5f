"""The `lora` consolidator: trains one LoRA adapter per sleep on the backend's base model.

Light on purpose: the plugin registers it when plugins load, so torch is imported only when
`consolidate` runs (the loop lives in `sleepy_transformers.training`).
"""

from __future__ import annotations

from sleepy import Backend, Consolidator, Registrar, TrainingRequest, TrainingResult
from sleepy_transformers.options import LoraOptions

__all__ = ["LoraOptions", "LoraTrainer", "register_trainer"]  # LoraOptions: its old import path keeps working


class LoraTrainer:
    """Trains a fresh LoRA adapter on the dataset of one sleep; see `sleepy_transformers.training`."""

    def __init__(self, options: LoraOptions | None = None) -> None:
        self.options = options or LoraOptions()

    def consolidate(self, request: TrainingRequest, backend: Backend) -> TrainingResult:
        """Train on `request.dataset_path`, resuming from its checkpoints; borrows `backend`'s model if it has one."""
        from sleepy_transformers.training.loop import train

        return train(request, backend, self.options)


def register_trainer(register: Registrar[Consolidator]) -> None:
    """Add the `lora` consolidator to a `sleepy_register_consolidators` registrar."""
    register.add("lora", LoraTrainer, options=LoraOptions,
                 description="Plain LoRA: trains one adapter per sleep on the answer tokens (resumable, CPU-tuned).")
