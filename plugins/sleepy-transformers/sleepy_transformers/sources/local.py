"""The `local` source: a directory already in transformers format (config.json, weights, tokenizer)."""

from __future__ import annotations

from pathlib import Path

from sleepy_transformers.errors import ModelSourceError
from sleepy_transformers.sources.reference import ModelFiles


class LocalSource:
    """Resolves ``local:DIR`` to the directory itself, after checking it looks like a model."""

    def resolve(self, reference: str) -> ModelFiles:
        path = Path(reference).expanduser().resolve()
        if not path.is_dir():
            raise ModelSourceError(f"model directory {path} does not exist")
        if not (path / "config.json").is_file():
            raise ModelSourceError(f"{path} has no config.json; save the model there with save_pretrained, "
                                   f"or use gguf:FILE for a .gguf file")
        return ModelFiles(path, f"local:{path}")
