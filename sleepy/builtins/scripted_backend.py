"""A backend that returns replies queued in advance: deterministic, for tests and demos of the loop."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

from attrs import frozen

from sleepy.config import option
from sleepy.errors import BackendError
from sleepy.hookspecs import hookimpl
from sleepy.protocols import Backend
from sleepy.records import Completion, CompletionRequest
from sleepy.registry import Registrar


@frozen
class ScriptedOptions:
    """Options of the `scripted` backend."""

    replies: list[str] = option("Replies returned in order, one per request.", factory=list)
    model: str = option("Model name recorded on episodes.", default="scripted")


class ScriptedBackend:
    """Answers each request with the next queued reply; records every request it saw."""

    def __init__(self, replies: Iterable[str] = (), model: str = "scripted") -> None:
        self._queue: deque[str] = deque(replies)
        self.model = model
        self.requests: list[CompletionRequest] = []

    @classmethod
    def from_options(cls, options: ScriptedOptions) -> ScriptedBackend:
        return cls(options.replies, options.model)

    def enqueue(self, *replies: str) -> None:
        """Queue replies for the next requests."""
        self._queue.extend(replies)

    def complete(self, request: CompletionRequest) -> Completion:
        self.requests.append(request)
        if not self._queue:
            raise BackendError(f"scripted backend: no reply queued for request #{len(self.requests)}")
        text = self._queue.popleft()
        tokens_in = sum(len(m.content.split()) for m in request.messages)
        return Completion(text=text, tokens_in=tokens_in, tokens_out=len(text.split()))

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        return [self.complete(r) for r in requests]

    def describe(self) -> dict[str, Any]:
        return {"backend": "scripted", "model": self.model, "adapter_id": None}


@hookimpl
def sleepy_register_backends(register: Registrar[Backend]) -> None:
    register.add("scripted", ScriptedBackend.from_options, options=ScriptedOptions,
                 description="Replies queued in advance (tests, demos of the loop).")
