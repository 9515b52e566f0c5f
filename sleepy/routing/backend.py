"""A backend wrapper that answers each request with the adapter it was routed to, one batch per adapter.

Requests of one round of the agent loop arrive together (`sleepy.agent.runner`); grouping them by adapter keeps
batching backends batching (one `complete_many` per adapter instead of one call per request), and any adapter
backend works, since the only thing asked of it is `set_adapter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from sleepy.protocols import AdapterBackend
from sleepy.records import Completion, CompletionRequest


class RoutedBackend:
    """`backend` with adapter `default` active, switching to a request's `adapter` for the requests routed to it
    and back to `default` after each call."""

    def __init__(self, backend: AdapterBackend, default: str) -> None:
        self.backend = backend
        self.default = default

    def complete(self, request: CompletionRequest) -> Completion:
        return self.complete_many([request])[0]

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        groups: dict[str, list[int]] = {}
        for index, request in enumerate(requests):
            groups.setdefault(request.adapter or self.default, []).append(index)
        answers: dict[int, Completion] = {}
        try:
            for adapter, indices in groups.items():
                self.backend.set_adapter(adapter)
                # the backend sees plain requests: which adapter answers is what set_adapter just chose
                batch = [attrs.evolve(requests[i], adapter=None) for i in indices]
                answers.update(zip(indices, self.backend.complete_many(batch), strict=True))
        finally:
            if set(groups) != {self.default}:
                self.backend.set_adapter(self.default)
        return [answers[i] for i in range(len(requests))]

    def describe(self) -> dict[str, Any]:
        return self.backend.describe()
