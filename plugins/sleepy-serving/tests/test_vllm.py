from __future__ import annotations

import json

import pytest
from fakes import body_of, chat_request, delta_chunks, openai_error, sse_response
from sleepy_serving.options import VLLMOptions
from sleepy_serving.vllm import RUNTIME_DISABLED, VLLMBackend
from synthetic import write_adapter
from werkzeug import Request, Response

from sleepy.adapters import InvalidAdapter
from sleepy.errors import BackendError

LOAD, UNLOAD = "/v1/load_lora_adapter", "/v1/unload_lora_adapter"


def backend(base_url: str, **options) -> VLLMBackend:
    return VLLMBackend(VLLMOptions(base_url=base_url, model="tiny", **{"retries": 0, **options}))


def success(kind: str):
    def handler(request: Request) -> Response:
        name = body_of(request)["lora_name"]
        return Response(f"Success: LoRA adapter '{name}' {kind} successfully.", content_type="text/plain")
    return handler


def test_load_select_and_unload(server, base_url, tmp_path):
    adapter = write_adapter(tmp_path / "ad1", rank=8)
    server.expect_request(LOAD, method="POST").respond_with_handler(success("added"))
    server.expect_request(UNLOAD, method="POST").respond_with_handler(success("removed"))
    server.expect_request("/v1/chat/completions", method="POST").respond_with_response(
        sse_response(*delta_chunks("ok")))
    b = backend(base_url)
    b.load_adapter(adapter, "ad1")
    assert body_of(server.log[0][0]) == {"lora_name": "ad1", "lora_path": str(adapter.resolve())}
    b.set_adapter("ad1")
    b.complete(chat_request())
    assert body_of(server.log[-1][0])["model"] == "ad1"
    assert b.describe() == {"backend": "vllm", "model": "tiny", "adapter_id": "ad1"}
    b.load_adapter(adapter, "ad1")  # same files: nothing to send
    assert [e[0].path for e in server.log].count(LOAD) == 1
    b.unload_adapter("ad1")
    assert b.adapter_id is None and b.request_model() == "tiny"
    with pytest.raises(BackendError, match="adapter 'ad1' is not loaded on vLLM"):
        b.set_adapter("ad1")


def test_routes_missing_means_runtime_loading_is_off(server, base_url, tmp_path):
    server.expect_request(LOAD, method="POST").respond_with_response(
        Response(json.dumps({"detail": "Not Found"}), status=404, content_type="application/json"))
    with pytest.raises(BackendError) as info:
        backend(base_url).load_adapter(write_adapter(tmp_path / "a"), "a")
    assert str(info.value) == RUNTIME_DISABLED
    assert "VLLM_ALLOW_RUNTIME_LORA_UPDATING=True and --enable-lora" in RUNTIME_DISABLED


def test_rank_above_max_lora_rank_is_refused_before_sending(server, base_url, tmp_path):
    with pytest.raises(BackendError) as info:
        backend(base_url).load_adapter(write_adapter(tmp_path / "a", rank=32), "a")
    assert str(info.value).startswith("vLLM rejected adapter: rank 32 > --max-lora-rank 16")
    assert server.log == []


def test_server_side_rank_error_is_translated(server, base_url, tmp_path):
    server.expect_request(LOAD, method="POST").respond_with_response(openai_error(
        "Error: LoRA rank 32 is greater than max_lora_rank 8.", 500, "InternalServerError"))
    with pytest.raises(BackendError) as info:
        backend(base_url, max_lora_rank=32, retries=2).load_adapter(write_adapter(tmp_path / "a", rank=32), "a")
    assert str(info.value) == "vLLM rejected adapter: rank 32 > --max-lora-rank 8"
    assert len(server.log) == 1  # a 500 from the adapter routes is a config error: not retried


def test_missing_path_and_duplicate_name(server, base_url, tmp_path):
    adapter = write_adapter(tmp_path / "a")
    server.expect_oneshot_request(LOAD, method="POST").respond_with_response(openai_error(
        f"No adapter found for {adapter}", 404, "NotFoundError"))
    with pytest.raises(BackendError, match=r"vLLM cannot find adapter 'a' at .*must exist on the machine vLLM runs on"):
        backend(base_url).load_adapter(adapter, "a")
    server.expect_oneshot_request(LOAD, method="POST").respond_with_response(openai_error(
        "The lora adapter 'a' has already been loaded. If you want to load the adapter in place, set 'load_inplace'"
        " to True.", 400, "InvalidUserInput"))
    server.expect_oneshot_request(LOAD, method="POST").respond_with_handler(success("added"))
    backend(base_url).load_adapter(adapter, "a")
    assert body_of(server.log[-1][0])["load_inplace"] is True


def test_unportable_adapters_are_refused(base_url, tmp_path):
    for flag, message in [({"use_dora": True}, "DoRA"), ({"use_rslora": True}, "rsLoRA"),
                          ({"modules_to_save": ["lm_head"]}, "modules_to_save")]:
        with pytest.raises(InvalidAdapter, match=message):
            backend(base_url).load_adapter(write_adapter(tmp_path / message, **flag), "a")
