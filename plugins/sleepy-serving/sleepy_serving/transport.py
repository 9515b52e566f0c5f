"""HTTP to one server: separate connect/read timeouts, retries before the first byte, readiness wait.

Retries happen only when nothing of a reply was delivered: connection failures, and 408/409/429/5xx
statuses (``Retry-After`` honoured). A stream that has started is never retried (it would
duplicate tokens), and a read timeout is not retried (the server is busy; asking again adds load).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from attrs import frozen

from sleepy import BackendError
from sleepy_serving.errors import ServerError, decode_body, error_message, one_line

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_RETRY_WAIT = 60.0  # a Retry-After longer than this is cut: a run should fail rather than hang


@frozen
class Server:
    """Who we talk to, for messages: display name, root URL and what to check when it is down."""

    name: str
    base_url: str
    hint: str


@frozen
class HttpSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 600.0
    retries: int = 3
    backoff_seconds: float = 0.5
    api_key: str | None = None


def normalize_base_url(url: str) -> str:
    """The server root: no trailing slash, no trailing ``/v1`` (paths add it)."""
    url = url.strip().rstrip("/")
    return url[: -len("/v1")] if url.endswith("/v1") else url


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), if any."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def connect_reason(exc: httpx.TransportError, settings: HttpSettings) -> str:
    """Why a connection failed, in a few words."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {settings.connect_timeout:g}s"
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
        return "host name not resolved"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection without answering"
    return one_line(text) or type(exc).__name__


class Transport:
    """One `httpx.Client` bound to a server, with the retry and error policy above."""

    def __init__(self, server: Server, settings: HttpSettings, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.server = server
        self.settings = settings
        self._sleep = sleep
        headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
        self.client = httpx.Client(
            base_url=server.base_url, headers=headers, transport=transport,
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        )

    def close(self) -> None:
        self.client.close()

    def unreachable(self, exc: httpx.TransportError) -> BackendError:
        return BackendError(f"{self.server.name} is not reachable at {self.server.base_url} "
                            f"({connect_reason(exc, self.settings)}): {self.server.hint}")

    def _timed_out(self, path: str, started: bool) -> BackendError:
        where = "stopped sending mid-reply for" if started else "did not answer within"
        return BackendError(f"{self.server.name} at {self.server.base_url} {where} {self.settings.read_timeout:g}s "
                            f"({path}); raise the backend's `read_timeout` if the model is just slow")

    def _backoff(self, attempt: int) -> float:
        base: float = self.settings.backoff_seconds * 2.0 ** attempt
        return base + random.uniform(0, base / 4)  # jitter, so parallel requests do not retry in lockstep

    def _send(self, method: str, path: str, retry_statuses: Collection[int], **kwargs: Any) -> httpx.Response:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self.client.send(self.client.build_request(method, path, **kwargs), stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                if last:
                    raise self.unreachable(exc) from None
                self._sleep(self._backoff(attempt))
                continue
            except httpx.TimeoutException:
                raise self._timed_out(path, started=False) from None
            except httpx.TransportError as exc:
                raise BackendError(f"{self.server.name} at {self.server.base_url}: {path}: "
                                   f"{one_line(str(exc)) or type(exc).__name__}") from None
            if response.status_code < 400:
                return response
            try:
                body = decode_body(response.read())
            except httpx.HTTPError:
                body = ""
            finally:
                response.close()
            if response.status_code in retry_statuses and not last:
                wait = retry_after(response.headers)
                self._sleep(min(MAX_RETRY_WAIT, wait if wait is not None else self._backoff(attempt)))
                continue
            message = error_message(body)
            raise ServerError(f"{self.server.name} at {self.server.base_url} answered {response.status_code} to "
                              f"{method} {path}: {message}", status=response.status_code, message=message, body=body)
        raise AssertionError("unreachable")  # the loop always returns or raises

    @contextmanager
    def stream(self, method: str, path: str, *, retry_statuses: Collection[int] = RETRY_STATUSES,
               **kwargs: Any) -> Iterator[httpx.Response]:
        """An open response whose body the caller reads; failures while reading become BackendErrors."""
        response = self._send(method, path, retry_statuses, **kwargs)
        try:
            yield response
        except httpx.TimeoutException:
            raise self._timed_out(path, started=True) from None
        except httpx.TransportError as exc:
            raise BackendError(f"{self.server.name} at {self.server.base_url}: the connection broke mid-reply "
                               f"({connect_reason(exc, self.settings)}); not retried, the reply had started") from None
        finally:
            response.close()

    def request(self, method: str, path: str, *, retry_statuses: Collection[int] = RETRY_STATUSES,
                **kwargs: Any) -> httpx.Response:
        """A response with its body read."""
        with self.stream(method, path, retry_statuses=retry_statuses, **kwargs) as response:
            response.read()
        return response

    def json(self, method: str, path: str, *, retry_statuses: Collection[int] = RETRY_STATUSES,
             **kwargs: Any) -> Any:
        """A response body decoded as JSON (a BackendError if it is not JSON)."""
        response = self.request(method, path, retry_statuses=retry_statuses, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise BackendError(f"{self.server.name} at {self.server.base_url}: {path} did not answer JSON: "
                               f"{one_line(response.text, 120)!r}") from None

    def wait_ready(self, path: str, timeout: float, *, interval: float = 0.5) -> None:
        """Poll `path` until it answers 200 or `timeout` seconds pass (503 "loading" counts as not yet)."""
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while True:
            remaining = deadline - time.monotonic()
            try:
                response = self.client.get(path, timeout=httpx.Timeout(
                    max(0.1, min(remaining, self.settings.read_timeout)), connect=self.settings.connect_timeout))
                if response.status_code == 200:
                    return
                last = f"{path} answered {response.status_code}: {error_message(decode_body(response.content))}"
            except httpx.TransportError as exc:
                last = connect_reason(exc, self.settings)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BackendError(f"{self.server.name} at {self.server.base_url} was not ready within {timeout:g}s "
                                   f"({last}): {self.server.hint}")
            self._sleep(min(interval, remaining))
