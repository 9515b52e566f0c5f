"""What every server backend shares: transport, readiness wait, parallel complete_many, describe."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import attrs

from sleepy import BackendError, Completion, CompletionRequest
from sleepy_serving.options import ServerOptions
from sleepy_serving.transport import HttpSettings, Server, Transport, normalize_base_url


def http_settings(options: ServerOptions) -> HttpSettings:
    """Timeouts and retries from options; the token is read from the environment variable named there."""
    api_key = None
    if options.api_key_env:
        api_key = os.environ.get(options.api_key_env)
        if not api_key:
            raise BackendError(f"the backend's api_key_env names ${options.api_key_env}, which is not set")
    return HttpSettings(connect_timeout=options.connect_timeout, read_timeout=options.read_timeout,
                        retries=options.retries, backoff_seconds=options.backoff_seconds, api_key=api_key)


class ServerBackend:
    """A Backend that talks to an inference server over HTTP."""

    name: ClassVar[str] = "server"
    display_name: ClassVar[str] = "the server"
    start_hint: ClassVar[str] = "is the server running and is `base_url` right?"

    def __init__(self, options: ServerOptions, *, transport: Transport | None = None) -> None:
        self.options = options
        self.transport = transport or Transport(
            Server(self.display_name, normalize_base_url(self.base_url()), self.start_hint), http_settings(options))
        self.adapter_id: str | None = None
        self._ready = options.ready_timeout <= 0
        self._ready_lock = threading.Lock()

    def base_url(self) -> str:
        return self.options.base_url

    def health_path(self) -> str:
        return str(getattr(self.options, "health_path", "/health"))

    def wait_until_ready(self, timeout: float | None = None) -> None:
        """Poll the health route until the server answers 200, or fail after `timeout` seconds."""
        self.transport.wait_ready(self.health_path(), self.options.ready_timeout if timeout is None else timeout)
        self._ready = True

    def _ensure_ready(self) -> None:
        if self._ready:
            return
        with self._ready_lock:
            if not self._ready:
                self.wait_until_ready()

    def complete(self, request: CompletionRequest) -> Completion:
        self._ensure_ready()
        started = time.monotonic()
        completion = self._complete(request)
        return attrs.evolve(completion, seconds=time.monotonic() - started)

    def _complete(self, request: CompletionRequest) -> Completion:
        raise NotImplementedError

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        """Send up to `parallel` requests at once (servers batch concurrent requests); results keep the order."""
        if len(requests) <= 1 or self.options.parallel == 1:
            return [self.complete(r) for r in requests]
        self._ensure_ready()
        with ThreadPoolExecutor(max_workers=min(self.options.parallel, len(requests))) as pool:
            return list(pool.map(self.complete, requests))

    def model_name(self) -> str:
        return self.options.model

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.model_name(), "adapter_id": self.adapter_id}

    def close(self) -> None:
        self.transport.close()
