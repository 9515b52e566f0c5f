from __future__ import annotations

import json
import threading
import time

import pytest
from fakes import body_of, chat_completion, chat_request, delta_chunks, json_response, openai_error, sse_response
from sleepy_serving.openai_backend import OpenAIBackend
from sleepy_serving.options import OpenAIOptions
from werkzeug import Request, Response

from sleepy.errors import BackendError
from sleepy.protocols import Backend
from sleepy.records import ToolCall

CHAT = "/v1/chat/completions"


def backend(base_url: str, **options) -> OpenAIBackend:
    return OpenAIBackend(OpenAIOptions(base_url=base_url, model=options.pop("model", "qwen"),
                                       **{"retries": 0, "backoff_seconds": 0.01, **options}))


def test_streams_a_reply_over_http(server, base_url):
    seen = []

    def handler(request: Request) -> Response:
        seen.append(body_of(request))
        return sse_response(*delta_chunks("```rust\nfn f() {}\n```"))

    server.expect_request(CHAT, method="POST").respond_with_handler(handler)
    b = backend(base_url + "/v1")  # a /v1 suffix is tolerated
    assert isinstance(b, Backend)
    completion = b.complete(chat_request(seed=11))
    assert completion.text == "```rust\nfn f() {}\n```" and (completion.tokens_in, completion.tokens_out) == (12, 3)
    assert completion.seconds > 0
    assert seen[0]["stream"] is True and seen[0]["seed"] == 11 and seen[0]["temperature"] == 0.0
    assert seen[0]["max_tokens"] == 64 and seen[0]["model"] == "qwen"
    assert b.describe() == {"backend": "openai", "model": "qwen", "adapter_id": None}


def test_whole_reply_when_not_streaming_with_tools(server, base_url):
    tools = [{"type": "function", "function": {"name": "write", "parameters": {"type": "object"}}}]
    server.expect_request(CHAT, method="POST", json={**json.loads(json.dumps(
        {"model": "qwen", "messages": [{"role": "system", "content": "You fix Rust code."},
                                       {"role": "user", "content": "Fix the bug."}],
         "temperature": 0.0, "seed": 7, "max_tokens": 64, "top_p": 1.0, "stream": False, "tools": tools}))}
    ).respond_with_json(chat_completion("", finish="tool_calls", tool_calls=[
        {"id": "1", "type": "function", "function": {"name": "write", "arguments": "{\"content\": \"x\"}"}}]))
    completion = backend(base_url, stream=False, tools=tools).complete(chat_request())
    assert completion.tool_calls == (ToolCall("write", {"content": "x"}),)


def test_a_server_that_ignores_stream_and_answers_json(server, base_url):
    server.expect_request(CHAT, method="POST").respond_with_json(chat_completion("plain"))
    assert backend(base_url).complete(chat_request()).text == "plain"


def test_unknown_model_lists_what_the_server_serves(server, base_url):
    server.expect_request(CHAT, method="POST").respond_with_response(
        openai_error("The model `nope` does not exist.", 404, "NotFoundError", "model"))
    server.expect_request("/v1/models").respond_with_json(
        {"object": "list", "data": [{"id": "qwen", "object": "model"}, {"id": "ad1", "parent": "qwen"}]})
    with pytest.raises(BackendError) as info:
        backend(base_url, model="nope").complete(chat_request())
    assert str(info.value) == (f"model 'nope' is not served by OpenAI-compatible server at {base_url} "
                               "(serves: qwen, ad1)")


def test_mid_stream_error_over_http(server, base_url):
    server.expect_request(CHAT, method="POST").respond_with_response(
        sse_response(*delta_chunks("abcdef", usage=None)[:2], {"error": {"message": "EngineDeadError"}}, done=False))
    with pytest.raises(BackendError, match=r"failed mid-reply \(after 5 characters\): EngineDeadError"):
        backend(base_url).complete(chat_request())


def test_429_then_success_honours_retry_after(server, base_url):
    server.expect_oneshot_request(CHAT, method="POST").respond_with_response(
        json_response({"error": {"message": "rate limited"}}, 429, {"Retry-After": "0"}))
    server.expect_request(CHAT, method="POST").respond_with_response(sse_response(*delta_chunks("ok")))
    assert backend(base_url, retries=1).complete(chat_request()).text == "ok"
    assert len(server.log) == 2


def test_read_timeout_over_http(server, base_url):
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(5)
        return sse_response(*delta_chunks("late"))

    server.expect_request(CHAT, method="POST").respond_with_handler(slow)
    with pytest.raises(BackendError, match=r"did not answer within 0.1s"):
        backend(base_url, read_timeout=0.1, retries=2).complete(chat_request())
    release.set()
    deadline = time.monotonic() + 5
    while not server.log and time.monotonic() < deadline:  # let the handler finish inside this test
        time.sleep(0.01)
    assert len(server.log) == 1  # a read timeout is not retried


def test_unreachable_server(refused_url):
    with pytest.raises(BackendError) as info:
        backend(refused_url, retries=1).complete(chat_request())
    assert str(info.value) == (f"OpenAI-compatible server is not reachable at {refused_url} (connection refused): "
                               "is the server running and is `base_url` right?")


def test_complete_many_sends_in_parallel_and_keeps_order(server, base_url):
    active, peak, lock = [0], [0], threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return sse_response(*delta_chunks(body_of(request)["messages"][-1]["content"].upper()))

    server.expect_request(CHAT, method="POST").respond_with_handler(handler)
    completions = backend(base_url, parallel=3).complete_many([chat_request(f"task {i}") for i in range(6)])
    assert [c.text for c in completions] == [f"TASK {i}" for i in range(6)]
    assert peak[0] > 1


def test_readiness_wait_before_the_first_request(server, base_url):
    server.expect_oneshot_request("/v1/models").respond_with_response(
        openai_error("Loading model", 503, "unavailable_error"))
    server.expect_request("/v1/models").respond_with_json({"data": []})
    server.expect_request(CHAT, method="POST").respond_with_response(sse_response(*delta_chunks("ok")))
    assert backend(base_url, ready_timeout=10).complete(chat_request()).text == "ok"
    assert [entry[0].path for entry in server.log] == ["/v1/models", "/v1/models", CHAT]


def test_readiness_wait_gives_up_at_its_deadline(refused_url):
    with pytest.raises(BackendError, match=r"was not ready within 0.3s \(connection refused\)"):
        backend(refused_url, ready_timeout=0.3).complete(chat_request())
