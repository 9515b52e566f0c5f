from __future__ import annotations

import hashlib
import json
import re

import pytest
from fakes import body_of, chat_request, json_response, ndjson
from sleepy_serving.ollama import OllamaBackend
from sleepy_serving.ollama_wire import ollama_host
from sleepy_serving.options import OllamaOptions
from synthetic import base_config, write_adapter
from werkzeug import Request, Response

from sleepy.errors import BackendError
from sleepy.records import ToolCall

SHOW = {"modelfile": "FROM x", "details": {"family": "llama"}, "model_info": {"general.architecture": "llama"},
        "capabilities": ["completion", "tools"]}


def backend(base_url: str, **options) -> OllamaBackend:
    return OllamaBackend(OllamaOptions(base_url=base_url, model=options.pop("model", "qwen2.5-coder:1.5b"),
                                       **{"retries": 0, **options}))


def chat_stream(text: str, *, prompt_eval_count: int = 30, eval_count: int = 4, extra: list | None = None) -> str:
    pieces = [{"model": "m", "created_at": "2026-01-01T00:00:00Z", "message": {"role": "assistant", "content": p},
               "done": False} for p in (text[:4], text[4:])]
    final = {"model": "m", "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop",
             "total_duration": 1, "prompt_eval_count": prompt_eval_count, "eval_count": eval_count}
    return ndjson([*pieces, *(extra or []), final])


def test_native_chat_sends_every_option_and_reads_the_stream(server, base_url):
    seen = []

    def chat(request: Request) -> Response:
        seen.append(body_of(request))
        return Response(chat_stream("fn main() {}"), content_type="application/x-ndjson")

    server.expect_request("/api/show", method="POST", json={"model": "qwen2.5-coder:1.5b"}).respond_with_json(SHOW)
    server.expect_request("/api/chat", method="POST").respond_with_handler(chat)
    b = backend(base_url, num_ctx=4096)
    completion = b.complete(chat_request(temperature=0.2, seed=5, max_new_tokens=77, stop=("###",)))
    assert completion.text == "fn main() {}" and (completion.tokens_in, completion.tokens_out) == (30, 4)
    body = seen[0]
    assert body["options"] == {"num_ctx": 4096, "temperature": 0.2, "seed": 5, "num_predict": 77, "top_p": 1.0,
                               "stop": ["###"]}
    assert body["messages"][0] == {"role": "system", "content": "You fix Rust code."}
    assert body["stream"] is True and body["keep_alive"] == "5m"
    b.complete(chat_request())
    assert [e[0].path for e in server.log].count("/api/show") == 1  # the model is checked once
    assert b.describe() == {"backend": "ollama", "model": "qwen2.5-coder:1.5b", "adapter_id": None}


def test_model_not_pulled_lists_what_is(server, base_url):
    server.expect_request("/api/show", method="POST").respond_with_response(
        json_response({"error": "model 'llama9' not found"}, 404))
    server.expect_request("/api/tags").respond_with_json(
        {"models": [{"name": "qwen2.5-coder:1.5b", "model": "qwen2.5-coder:1.5b"}, {"name": "llama3.2:1b"}]})
    with pytest.raises(BackendError) as info:
        backend(base_url, model="llama9").complete(chat_request())
    assert str(info.value) == ("model 'llama9' is not pulled on this Ollama (have: qwen2.5-coder:1.5b, llama3.2:1b); "
                               "run `ollama pull llama9`")


def test_unreachable_ollama(refused_url):
    with pytest.raises(BackendError) as info:
        backend(refused_url).complete(chat_request())
    assert str(info.value) == (f"Ollama is not reachable at {refused_url} (connection refused): "
                               "is `ollama serve` running?")


def test_default_host_and_ollama_host_forms(monkeypatch):
    assert ollama_host(None) == "http://127.0.0.1:11434"
    assert ollama_host("0.0.0.0") == "http://127.0.0.1:11434"
    assert ollama_host("example:1234") == "http://example:1234"
    assert ollama_host("https://h/") == "https://h:11434"
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    assert OllamaBackend(OllamaOptions(model="m")).transport.server.base_url == "http://127.0.0.1:9"


def test_truncated_prompt_is_an_error(server, base_url):
    server.expect_request("/api/show", method="POST").respond_with_json(SHOW)
    server.expect_request("/api/chat", method="POST").respond_with_response(
        Response(chat_stream("x", prompt_eval_count=2048), content_type="application/x-ndjson"))
    with pytest.raises(BackendError, match=r"prompt too long for num_ctx=2048 .*evaluated 2048 prompt tokens.*"
                                           r"raise the backend's `num_ctx`"):
        backend(base_url, num_ctx=2048).complete(chat_request())


def test_a_prompt_that_cannot_fit_is_refused_before_sending(server, base_url):
    with pytest.raises(BackendError, match=r"prompt too long for num_ctx=256 .*the prompt has 4\d{3} characters"):
        backend(base_url, num_ctx=256).complete(chat_request("x" * 4000))
    assert server.log == []


def test_mid_stream_error_line(server, base_url):
    server.expect_request("/api/show", method="POST").respond_with_json(SHOW)
    server.expect_request("/api/chat", method="POST").respond_with_response(Response(
        ndjson([{"message": {"role": "assistant", "content": "fn "}, "done": False},
                {"error": "an error was encountered while running the model: unexpected EOF"}]),
        content_type="application/x-ndjson"))
    with pytest.raises(BackendError, match=r"Ollama failed mid-reply \(after 3 characters\): an error was encountered"):
        backend(base_url).complete(chat_request())


def test_tool_calls_with_object_arguments_non_streaming(server, base_url):
    tools = [{"type": "function", "function": {"name": "write", "parameters": {"type": "object"}}}]
    server.expect_request("/api/show", method="POST").respond_with_json(SHOW)
    server.expect_request("/api/chat", method="POST").respond_with_json({
        "model": "m", "message": {"role": "assistant", "content": "", "tool_calls": [
            {"function": {"index": 0, "name": "write", "arguments": {"content": "fn f() {}"}}}]},
        "done": True, "done_reason": "stop", "prompt_eval_count": 50, "eval_count": 9})
    completion = backend(base_url, stream=False, tools=tools).complete(chat_request())
    assert completion.tool_calls == (ToolCall("write", {"content": "fn f() {}"}),)
    assert completion.finish_reason == "tool_calls"
    assert body_of(server.log[-1][0])["tools"] == tools


def test_tools_need_a_model_with_the_tools_capability(server, base_url):
    server.expect_request("/api/show", method="POST").respond_with_json({**SHOW, "capabilities": ["completion"]})
    with pytest.raises(BackendError, match=r"cannot call tools \(capabilities: completion\)"):
        backend(base_url, tools=[{"type": "function", "function": {"name": "w"}}]).complete(chat_request())


def test_load_adapter_creates_a_model_over_rest(server, base_url, tmp_path):
    adapter = write_adapter(tmp_path / "a1")
    config = tmp_path / "base"
    config.mkdir()
    (config / "config.json").write_text(json.dumps(base_config()))
    uploads: dict[str, bytes] = {}

    def blob(request: Request) -> Response:
        digest = request.path.rsplit("/", 1)[1]
        if request.method == "HEAD":
            return Response(status=200 if digest in uploads else 404)
        data = request.get_data()
        if f"sha256:{hashlib.sha256(data).hexdigest()}" != digest:
            return json_response({"error": "digest mismatch"}, 400)
        uploads[digest] = data
        return Response(status=201)

    created = []

    def create(request: Request) -> Response:
        created.append(body_of(request))
        return Response(ndjson([{"status": "using existing layer sha256:abc"}, {"status": "writing manifest"},
                                {"status": "success"}]), content_type="application/x-ndjson")

    server.expect_request(re.compile(r"^/api/blobs/sha256:[0-9a-f]{64}$")).respond_with_handler(blob)
    server.expect_request("/api/create", method="POST").respond_with_handler(create)
    server.expect_request("/api/show", method="POST").respond_with_json(SHOW)
    server.expect_request("/api/chat", method="POST").respond_with_response(
        Response(chat_stream("adapted"), content_type="application/x-ndjson"))
    b = backend(base_url, base_config=str(config))
    b.load_adapter(adapter, "a1")
    b.set_adapter("a1")
    assert b.complete(chat_request()).text == "adapted"
    [digest] = uploads
    assert uploads[digest][:4] == b"GGUF"
    assert created == [{"model": "qwen2.5-coder-1.5b-a1", "from": "qwen2.5-coder:1.5b",
                        "adapters": {"adapter.gguf": digest}, "stream": True}]
    assert body_of(server.log[-1][0])["model"] == "qwen2.5-coder-1.5b-a1"
    assert b.describe()["adapter_id"] == "a1"
    b.set_adapter(None)
    assert b.request_model() == "qwen2.5-coder:1.5b"


def test_create_failure_is_reported(server, base_url, tmp_path):
    adapter = write_adapter(tmp_path / "a1")
    server.expect_request(re.compile(r"^/api/blobs/.*")).respond_with_data("", status=200)
    server.expect_request("/api/create", method="POST").respond_with_response(
        Response(ndjson([{"status": "parsing"}, {"error": "unsupported architecture"}]),
                 content_type="application/x-ndjson"))
    with pytest.raises(BackendError, match=r"create model 'qwen2\.5-coder-1\.5b-a1': unsupported architecture"):
        backend(base_url, adapter_format="safetensors").load_adapter(adapter, "a1")


def test_gguf_adapters_need_the_base_config(base_url, tmp_path):
    with pytest.raises(BackendError, match=r"needs the base model's config\.json: set its `base_config`"):
        backend(base_url).load_adapter(write_adapter(tmp_path / "a1"), "a1")
