"""What the sleep phase hands a consolidator (a trainer or a subspace method) and gets back.

The consolidator's protocol is `sleepy.protocols.Consolidator`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from sleepy.events import PhaseProgress


@frozen
class TrainingRequest:
    """Train (or consolidate) an adapter on one dataset version."""

    dataset_path: Path
    dataset_hash: str
    output_dir: Path  # write the PEFT adapter here (adapter_config.json + adapter_model.safetensors)
    checkpoint_dir: Path  # checkpoints for resuming after a kill
    seed: int
    parent_adapter: Path | None = None  # the active adapter, for strategies that build on it
    earlier_adapters: tuple[Path, ...] = ()  # promoted adapters so far, for subspace methods
    progress: Callable[[PhaseProgress], None] | None = field(default=None, eq=False)


@frozen
class TrainingResult:
    """A trained adapter directory and what the registry needs to validate it."""

    adapter_dir: Path
    base_model: str
    metadata: Mapping[str, Any] = field(factory=dict)
    module_shapes: Mapping[str, tuple[int, int]] | None = None
