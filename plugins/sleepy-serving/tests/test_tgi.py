from __future__ import annotations

import pytest
from fakes import body_of, chat_request, delta_chunks, json_response, sse_response
from sleepy_serving.options import TGIOptions
from sleepy_serving.tgi import TGIBackend, generate_body, parse_generate_response, render_prompt

from sleepy.errors import BackendError

GENERATED = {"generated_text": "fn f() {}", "details": {"finish_reason": "eos_token", "generated_tokens": 6,
                                                         "seed": 7, "prefill": [], "tokens": []}}


def backend(base_url: str, **options) -> TGIBackend:
    return TGIBackend(TGIOptions(base_url=base_url, **{"retries": 0, **options}))


def test_generate_body_is_greedy_without_temperature_zero():
    body = generate_body(chat_request(seed=3, max_new_tokens=50), template="chatml", adapter_id="ad1")
    assert body["parameters"] == {"max_new_tokens": 50, "seed": 3, "do_sample": False, "return_full_text": False,
                                  "details": True, "adapter_id": "ad1"}
    assert body["inputs"].startswith("<|im_start|>system\nYou fix Rust code.<|im_end|>\n")
    assert body["inputs"].endswith("<|im_start|>assistant\n")
    sampled = generate_body(chat_request(temperature=0.7, stop=("END",)), template="plain", adapter_id=None)
    assert sampled["parameters"]["temperature"] == 0.7 and sampled["parameters"]["do_sample"] is True
    assert sampled["parameters"]["stop"] == ["END"] and "adapter_id" not in sampled["parameters"]


def test_templates():
    messages = chat_request().messages
    assert render_prompt(messages, "llama3").startswith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>")
    assert render_prompt(messages, "plain").endswith("User: Fix the bug.\n\nAssistant:")


def test_generate_response_forms():
    assert parse_generate_response(GENERATED).finish_reason == "stop"
    assert parse_generate_response([GENERATED]).tokens_out == 6
    length = {"generated_text": "x", "details": {"finish_reason": "length", "generated_tokens": 1,
                                                 "prefill": [{"id": 1}, {"id": 2}]}}
    assert (parse_generate_response(length).finish_reason, parse_generate_response(length).tokens_in) == ("length", 2)


def test_generate_over_http_with_an_adapter(server, base_url):
    server.expect_request("/generate", method="POST").respond_with_json(GENERATED)
    b = backend(base_url, api="generate", adapters=["ad1"])
    b.load_adapter("/srv/adapters/ad1", "ad1")
    b.set_adapter("ad1")
    assert b.complete(chat_request()).text == "fn f() {}"
    assert body_of(server.log[0][0])["parameters"]["adapter_id"] == "ad1"
    assert b.describe() == {"backend": "tgi", "model": "tgi", "adapter_id": "ad1"}


def test_messages_api_selects_adapters_by_model(server, base_url):
    server.expect_request("/v1/chat/completions", method="POST").respond_with_response(
        sse_response(*delta_chunks("ok")))
    b = backend(base_url, adapters=["ad1"])
    b.complete(chat_request())
    first = body_of(server.log[0][0])
    assert first["model"] == "tgi" and first["temperature"] == 0.0 and first["seed"] == 7
    assert "top_p" not in first  # TGI refuses top_p 1.0
    b.set_adapter("ad1")
    b.complete(chat_request())
    assert body_of(server.log[1][0])["model"] == "ad1"


def test_validation_error_shape(server, base_url):
    server.expect_request("/generate", method="POST").respond_with_response(json_response(
        {"error": "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` "
                  "tokens and 512 `max_new_tokens`", "error_type": "validation"}, 422))
    with pytest.raises(BackendError, match=r"TGI at .* answered 422 to POST /generate: Input validation error: .*"
                                           r"\(validation\)$"):
        backend(base_url, api="generate").complete(chat_request())


def test_overloaded_is_retried(server, base_url):
    server.expect_oneshot_request("/generate", method="POST").respond_with_response(json_response(
        {"error": "Model is overloaded", "error_type": "overloaded"}, 429))
    server.expect_request("/generate", method="POST").respond_with_json(GENERATED)
    assert backend(base_url, api="generate", retries=1, backoff_seconds=0).complete(chat_request()).text == "fn f() {}"


def test_adapters_cannot_be_loaded_at_runtime(base_url):
    with pytest.raises(BackendError) as info:
        backend(base_url).load_adapter("/runs/x/adapters/a7", "a7")
    assert str(info.value) == ("TGI loads LoRA adapters only when it starts: restart it with "
                               "LORA_ADAPTERS=a7=/runs/x/adapters/a7 (a PEFT directory) and list 'a7' in the "
                               "backend's `adapters` option")


def test_info(server, base_url):
    server.expect_request("/info").respond_with_json({"model_id": "bigcode/starcoder2-3b", "max_input_tokens": 4095,
                                                      "max_total_tokens": 4096, "version": "3.3.6"})
    assert backend(base_url).info()["max_total_tokens"] == 4096
