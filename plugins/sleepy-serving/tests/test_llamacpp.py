from __future__ import annotations

import pytest
from fakes import body_of, chat_request, delta_chunks, json_response, sse_response
from sleepy_serving.llamacpp import LlamaCppBackend
from sleepy_serving.options import LlamaCppOptions

from sleepy.errors import BackendError

ADAPTERS = [{"id": 0, "path": "/srv/lora/a1.gguf", "scale": 0.0, "task_name": "", "prompt_prefix": ""},
            {"id": 1, "path": "/srv/lora/a2/adapter.gguf", "scale": 1.0, "task_name": "", "prompt_prefix": ""}]


def backend(base_url: str, **options) -> LlamaCppBackend:
    return LlamaCppBackend(LlamaCppOptions(base_url=base_url, **{"retries": 0, **options}))


def test_per_request_lora_scales(server, base_url, tmp_path):
    server.expect_request("/lora-adapters").respond_with_json(ADAPTERS)
    server.expect_request("/v1/chat/completions", method="POST").respond_with_response(
        sse_response(*delta_chunks("ok")))
    b = backend(base_url)
    b.complete(chat_request())
    body = body_of(server.log[-1][0])
    assert body["lora"] == [{"id": 0, "scale": 0.0}, {"id": 1, "scale": 0.0}]  # base model: every adapter off
    assert body["cache_prompt"] is False and body["seed"] == 7 and body["temperature"] == 0.0
    b.load_adapter(tmp_path / "a2", "a2")
    b.set_adapter("a2")
    b.complete(chat_request())
    assert body_of(server.log[-1][0])["lora"] == [{"id": 0, "scale": 0.0}, {"id": 1, "scale": 1.0}]
    assert b.describe() == {"backend": "llamacpp", "model": "llama", "adapter_id": "a2"}


def test_unknown_adapter_says_how_to_start_the_server(server, base_url, tmp_path):
    server.expect_request("/lora-adapters").respond_with_json(ADAPTERS)
    with pytest.raises(BackendError) as info:
        backend(base_url).load_adapter(tmp_path / "a9", "a9")
    assert str(info.value) == (
        "llama-server cannot load adapter files at runtime and 'a9' is not among those it was started with "
        "(/srv/lora/a1.gguf, /srv/lora/a2/adapter.gguf): run `sleepy export adapter a9 --to gguf --out DIR "
        "--base-config BASE` and restart llama-server with --lora-scaled DIR/a9.gguf:0")


def test_servers_without_lora_route_send_no_lora(server, base_url):
    server.expect_request("/lora-adapters").respond_with_response(json_response({"detail": "Not Found"}, 404))
    server.expect_request("/v1/chat/completions", method="POST").respond_with_response(
        sse_response(*delta_chunks("ok")))
    backend(base_url).complete(chat_request())
    assert "lora" not in body_of(server.log[-1][0])


def test_health_wait_while_loading(server, base_url):
    server.expect_oneshot_request("/health").respond_with_response(json_response(
        {"error": {"code": 503, "message": "Loading model", "type": "unavailable_error"}}, 503))
    server.expect_request("/health").respond_with_json({"status": "ok"})
    b = backend(base_url)
    b.wait_until_ready(10)
    assert [e[0].path for e in server.log] == ["/health", "/health"]


def test_context_overflow_error(server, base_url):
    server.expect_request("/lora-adapters").respond_with_json([])
    server.expect_request("/v1/chat/completions", method="POST").respond_with_response(json_response(
        {"error": {"code": 400, "message": "the request exceeds the available context size, try increasing it",
                   "type": "exceed_context_size_error", "n_prompt_tokens": 5000, "n_ctx": 4096}}, 400))
    with pytest.raises(BackendError, match=r"answered 400 .*exceeds the available context size"):
        backend(base_url).complete(chat_request())
