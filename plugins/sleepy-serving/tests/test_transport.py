from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sleepy_serving.errors import ServerError
from sleepy_serving.transport import HttpSettings, Server, Transport, normalize_base_url, retry_after

from sleepy.errors import BackendError

SERVER = Server("vLLM", "http://vllm.test", "is `vllm serve` running?")


def transport_for(handler, sleeps: list[float], **settings) -> Transport:
    return Transport(SERVER, HttpSettings(**{"retries": 3, "backoff_seconds": 0.5, **settings}),
                     transport=httpx.MockTransport(handler), sleep=sleeps.append)


def replies(*responses):
    """A handler answering with `responses` in turn (an exception is raised instead of answered)."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        item = responses[min(len(calls), len(responses) - 1)]
        calls.append(request)
        if isinstance(item, Exception):
            raise item
        return item

    handler.calls = calls
    return handler


def test_429_with_retry_after_is_retried_after_that_many_seconds():
    handler = replies(httpx.Response(429, headers={"Retry-After": "2"}, json={"error": "busy"}),
                      httpx.Response(200, json={"ok": True}))
    sleeps: list[float] = []
    assert transport_for(handler, sleeps).json("GET", "/x") == {"ok": True}
    assert sleeps == [2.0] and len(handler.calls) == 2


def test_5xx_backs_off_exponentially_then_reports_the_last_error():
    handler = replies(httpx.Response(503, json={"error": {"message": "Loading model", "code": 503}}))
    sleeps: list[float] = []
    with pytest.raises(ServerError) as info:
        transport_for(handler, sleeps).request("POST", "/v1/chat/completions", json={})
    assert str(info.value) == ("vLLM at http://vllm.test answered 503 to POST /v1/chat/completions: Loading model")
    assert info.value.status == 503 and len(handler.calls) == 4
    assert len(sleeps) == 3 and all(b <= s <= 1.25 * b for s, b in zip(sleeps, [0.5, 1.0, 2.0], strict=True))


def test_client_errors_are_not_retried():
    handler = replies(httpx.Response(400, json={"error": {"message": "bad"}}))
    with pytest.raises(ServerError, match="answered 400"):
        transport_for(handler, []).request("POST", "/x")
    assert len(handler.calls) == 1


def test_connection_refused_is_retried_then_explained():
    handler = replies(httpx.ConnectError("[Errno 111] Connection refused"))
    sleeps: list[float] = []
    with pytest.raises(BackendError) as info:
        transport_for(handler, sleeps, retries=2).request("GET", "/health")
    assert str(info.value) == ("vLLM is not reachable at http://vllm.test (connection refused): "
                               "is `vllm serve` running?")
    assert len(handler.calls) == 3 and len(sleeps) == 2


def test_connect_timeout_names_the_limit():
    handler = replies(httpx.ConnectTimeout("timed out"))
    with pytest.raises(BackendError, match=r"\(no connection within 1.5s\)"):
        transport_for(handler, [], retries=0, connect_timeout=1.5).request("GET", "/")


def test_read_timeout_is_not_retried():
    handler = replies(httpx.ReadTimeout("slow"))
    with pytest.raises(BackendError, match=r"did not answer within 9s \(/v1/chat/completions\); raise"):
        transport_for(handler, [], read_timeout=9).request("POST", "/v1/chat/completions")
    assert len(handler.calls) == 1


class _BreakingStream(httpx.SyncByteStream):
    def __iter__(self):
        yield b"data: {}\n\n"
        raise httpx.ReadError("connection reset")


def test_a_stream_that_started_is_never_retried():
    handler = replies(httpx.Response(200, stream=_BreakingStream()))
    transport = transport_for(handler, [])
    with pytest.raises(BackendError, match=r"broke mid-reply .*not retried, the reply had started"), \
            transport.stream("POST", "/v1/chat/completions") as response:
        list(response.iter_lines())
    assert len(handler.calls) == 1


def test_retry_after_forms():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "3"}) == 3.0
    assert retry_after({"retry-after": "Thu, 01 Jan 2026 12:00:05 GMT"}, now) == 5.0
    assert retry_after({"retry-after": "soon"}) is None and retry_after({}) is None


def test_retry_after_is_capped():
    handler = replies(httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json={}))
    sleeps: list[float] = []
    transport_for(handler, sleeps).json("GET", "/")
    assert sleeps == [60.0]


def test_wait_ready_polls_until_200_and_fails_after_the_deadline():
    loading = httpx.Response(503, json={"error": {"code": 503, "message": "Loading model",
                                                  "type": "unavailable_error"}})
    handler = replies(loading, loading, httpx.Response(200, json={"status": "ok"}))
    transport_for(handler, []).wait_ready("/health", timeout=30)
    assert len(handler.calls) == 3
    with pytest.raises(BackendError, match=r"was not ready within 0s \(/health answered 503: Loading model\)"):
        transport_for(replies(loading), []).wait_ready("/health", timeout=0)


def test_bearer_token_and_base_url():
    handler = replies(httpx.Response(200, json={}))
    transport_for(handler, [], api_key="sekret").json("GET", "/v1/models")
    assert handler.calls[0].headers["authorization"] == "Bearer sekret"
    assert normalize_base_url("http://h:8000/v1/") == "http://h:8000"
