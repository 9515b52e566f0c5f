"""Errors of this plugin: one line each, naming what to do next."""

from __future__ import annotations

from sleepy import BackendError


class ModelSourceError(BackendError):
    """A model reference cannot be resolved to loadable local files (unknown alias, no network, bad file)."""


class ContextLengthError(BackendError):
    """A prompt does not fit in the model's context window."""

    def __init__(self, prompt_tokens: int, limit: int, model: str) -> None:
        self.prompt_tokens = prompt_tokens
        self.limit = limit
        super().__init__(
            f"prompt has {prompt_tokens} tokens but {model} takes at most {limit} (prompt plus reply); "
            f"shorten the prompt (fewer or truncated tool outputs) or raise context_tokens if the model allows it"
        )
